package com.fleetlink.bench.report;

/** One line of the report's table, every cell already text. */
record Row(String figure, String value, String target, String ratio, String verdict) {
}
