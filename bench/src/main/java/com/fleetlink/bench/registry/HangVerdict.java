package com.fleetlink.bench.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The targets of {@link RedisHang}: after the hang, Redis runs at most {@code 1.3 × baseline + 10}
 * script calls for the same work; and, when the hang was long enough to read it, the sidecar's RSS at
 * the hang's end is at most 16 MiB above its value after the hang's first minute.
 *
 * @param baselineCalls  script calls of the leg without the hang
 * @param hangCalls      script calls of the leg with the hang
 * @param bothConverged  both legs ended with the registry whole; a count cut off by a timeout proves nothing
 * @param rssGrowthBytes RSS at the hang's end minus after its first minute, or {@code null} when not read
 */
record HangVerdict(long baselineCalls, long hangCalls, boolean bothConverged, Long rssGrowthBytes) {
    /** 1.3, in tenths: the comparison stays in whole numbers, so a count right at the bound passes. */
    private static final long CALLS_FACTOR_TENTHS = 13;
    private static final long CALLS_ALLOWANCE = 10;
    static final long RSS_GROWTH_BOUND_BYTES = 16L * 1024 * 1024;

    /** {@code 1.3 × baseline + 10}. */
    double callsBound() {
        return tenthsOfBound() / 10.0;
    }

    boolean callsPass() {
        return bothConverged && hangCalls * 10 <= tenthsOfBound();
    }

    private long tenthsOfBound() {
        return CALLS_FACTOR_TENTHS * baselineCalls + 10 * CALLS_ALLOWANCE;
    }

    /** {@code null} when the RSS was not read (a hang of a minute or less). */
    Boolean rssPass() {
        return rssGrowthBytes == null ? null : rssGrowthBytes <= RSS_GROWTH_BOUND_BYTES;
    }

    boolean pass() {
        return callsPass() && !Boolean.FALSE.equals(rssPass());
    }

    Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scriptCallsBaseline", baselineCalls);
        out.put("scriptCallsAfterHang", hangCalls);
        out.put("scriptCallsRatio", baselineCalls == 0 ? null : Stats.round(hangCalls / (double) baselineCalls, 2));
        out.put("scriptCallsBound", Stats.round(callsBound(), 1));
        out.put("scriptCallsPass", callsPass());
        out.put("rssGrowthMiB", rssGrowthBytes == null ? null : Stats.round(rssGrowthBytes / 1048576.0, 1));
        out.put("rssGrowthBoundMiB", RSS_GROWTH_BOUND_BYTES / 1048576);
        out.put("rssPass", rssPass());
        out.put("pass", pass());
        return out;
    }
}
