package com.fleetlink.bench.report;

import java.util.Map;

/**
 * The facts a reader needs to judge the figures: how the report was run and on what.
 *
 * @param quick      the shortened settings of {@code --quick}, not figures of record
 * @param command    the command line exactly as typed
 * @param startedUtc when the run started, ISO-8601 UTC
 * @param elapsedSeconds the whole run, build included
 * @param commit     the git commit measured, with a note when the tree had uncommitted changes
 * @param machine    from {@link com.fleetlink.bench.registry.Machine#describe()}
 */
record Header(boolean quick, String command, String startedUtc, long elapsedSeconds, String commit,
              String loadBefore, String loadAfter, Map<String, Object> machine) {
}
