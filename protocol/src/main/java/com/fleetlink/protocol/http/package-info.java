/** The metrics and health endpoints both processes serve when given {@code --metrics-port}. */
package com.fleetlink.protocol.http;
