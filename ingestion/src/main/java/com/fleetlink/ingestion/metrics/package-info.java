/** The ingestion server's Prometheus metrics, named in one place. */
package com.fleetlink.ingestion.metrics;
