package com.fleetlink.registry.replay;

import com.fleetlink.registry.eventlog.EventLogEntry;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Where {@code replay} writes what it found, streamed: the timeline entry by entry while the log
 * is read, then the state at the end. Two forms: {@link TextReplayOutput} for people and
 * {@link JsonReplayOutput} (one JSON object) for tools.
 */
interface ReplayOutput {

    /** One timeline entry (already filtered by {@code --until} and {@code --imei}). */
    void timeline(EventLogEntry entry);

    /** The state the events imply, after the last applied entry. */
    void end(Summary summary);

    /**
     * What the replay found.
     *
     * @param until    the {@code --until} time as given, or {@code null} for the end of the log
     * @param held     the held set (restricted to {@code --imei} if given)
     * @param registry the implied registry hash (restricted likewise)
     * @param applied  what {@code --apply} did, or {@code null}
     */
    record Summary(List<String> files, String instance, String until, long entriesRead, long entriesApplied,
                   List<String> problems, SortedMap<String, ReplayState.Held> held,
                   SortedMap<String, String> registry, Applied applied) {
    }

    /**
     * {@code --apply}'s result.
     *
     * @param hash the registry hash as the scratch Redis has it afterwards (all of it)
     */
    record Applied(String uri, long writes, Map<String, String> hash) {
    }
}
