/** The {@code ingestion} command: {@code run}, {@code decode} and {@code simulate}. */
package com.fleetlink.ingestion;
