/** What operators ask the running sidecar over its socket: status, flush and release. */
package com.fleetlink.registry.control;
