/** The sidecar's Prometheus metrics, named in one place. */
package com.fleetlink.registry.metrics;
