/** {@code ingestion decode}: hex frames in, one JSON object per frame out. */
package com.fleetlink.ingestion.decode;
