package com.fleetlink.registry.replay;

import com.fleetlink.registry.eventlog.EventLogEntry;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;

/**
 * {@code replay} for people: one line per timeline entry, then the held set and the implied registry.
 * A line with words of a later version is shown with them, and marked as unknown.
 */
final class TextReplayOutput implements ReplayOutput {
    private final PrintWriter out;
    private boolean headed;

    TextReplayOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void timeline(EventLogEntry e) {
        if (!headed) {
            out.println("# timeline");
            headed = true;
        }
        StringBuilder line = new StringBuilder(Instant.ofEpochMilli(e.ts()).toString())
                .append(' ').append(e.kind()).append(' ').append(e.type());
        e.imei().ifPresent(v -> line.append(" imei=").append(v));
        e.conn().ifPresent(v -> line.append(" conn=").append(v));
        e.seq().ifPresent(v -> line.append(" seq=").append(v));
        e.reason().ifPresent(v -> line.append(" reason=").append(v));
        e.outcome().ifPresent(v -> line.append(" outcome=").append(v));
        e.snap().ifPresent(v -> line.append(" snap=").append(v));
        e.count().ifPresent(v -> line.append(" count=").append(v));
        e.instance().ifPresent(v -> line.append(" instance=").append(v));
        e.detail().filter(v -> !v.isEmpty()).ifPresent(v -> line.append(" detail=").append(v));
        if (!e.knownWords()) {
            line.append(" (unknown to this version: not replayed)");
        }
        out.println(line);
    }

    @Override
    public void end(Summary s) {
        String when = s.until() == null ? "end of log" : s.until();
        out.println("# read " + s.entriesRead() + " entries from " + s.files().size() + " file(s), applied "
                + s.entriesApplied() + " up to " + when + (s.problems().isEmpty() ? "" : ", skipped " + s.problems().size() + " damaged line(s)"));
        out.println("# held by " + s.instance() + " at " + when + ": " + s.held().size() + " device(s)");
        s.held().forEach((imei, h) -> out.println(imei + " conn=" + h.conn() + " since=" + Instant.ofEpochMilli(h.since())));
        out.println("# registry implied at " + when + ": " + s.registry().size() + " entr" + (s.registry().size() == 1 ? "y" : "ies"));
        s.registry().forEach((imei, owner) -> out.println(imei + " " + owner));
        if (s.applied() != null) {
            out.println("# applied " + s.applied().writes() + " write(s) to " + s.applied().uri() + "; its registry now has "
                    + s.applied().hash().size() + " entries");
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(s.applied().hash()).entrySet()) {
                out.println(e.getKey() + " " + e.getValue());
            }
        }
        out.flush();
    }
}
