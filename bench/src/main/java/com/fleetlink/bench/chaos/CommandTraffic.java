package com.fleetlink.bench.chaos;

import com.fleetlink.registry.command.CommandStoreOptions;
import com.fleetlink.registry.command.RedisCommandStore;
import com.fleetlink.registry.redis.RedisSession;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.testkit.Poll;
import java.time.Duration;
import java.util.List;

/**
 * The chaos run's commands: the {@link CommandSender} on one Redis connection, the
 * {@link CommandEventReader} on another, and the wait at the end for every command to finish.
 */
final class CommandTraffic implements AutoCloseable {
    /** A claim not reported written lapses after 5 s: a killed holder's claims come back within the run. */
    static final Duration CLAIM_LEASE = Duration.ofSeconds(5);
    /** The reply's trip back past the response timeout before a written command's lease lapses. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(2);
    /** The sidecars' sweep interval (their default). */
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);
    /** The sidecar flags for these commands' short lifetimes. */
    static final List<String> SIDECAR_FLAGS = List.of("--command-claim-lease", CLAIM_LEASE.toSeconds() + "s",
            "--command-lease-margin", LEASE_MARGIN.toSeconds() + "s", "--command-sweep-interval", SWEEP_INTERVAL.toSeconds() + "s");
    /** After a timeout, a socket takes no new command until the late reply or this long. */
    static final List<String> INGESTION_FLAGS = List.of("--command-late-window", "10s");
    /**
     * How long after the last enqueue every command can be finished: it may wait its expiry, be
     * claimed at its very end and its claim lapse, or be written then and time out, and the lapse
     * is found by the next sweep; plus room for a busy machine.
     */
    static final Duration SETTLE = CommandKind.EXPIRE.plus(longer(CLAIM_LEASE, CommandKind.RESPONSE_TIMEOUT.plus(LEASE_MARGIN)))
            .plus(SWEEP_INTERVAL).plus(Duration.ofSeconds(10));
    /**
     * Lettuce's command timeout: 5 s, as the sidecar's one-shot commands use; at a load average
     * over 20 a 2 s timeout failed even the connection's handshake, again and again.
     */
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);
    /** How long a caller waits for a call: past Lettuce's own timeout, so that its failure arrives first. */
    private static final Duration CALL_TIMEOUT = REDIS_TIMEOUT.plusSeconds(1);
    /** How long the first connection may take on a loaded machine. */
    private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(60);

    private final RedisSession senderSession;
    private final RedisSession readerSession;
    private final CommandSender sender;
    private final CommandEventReader reader;

    private CommandTraffic(RedisSession senderSession, RedisSession readerSession, CommandSender sender, CommandEventReader reader) {
        this.senderSession = senderSession;
        this.readerSession = readerSession;
        this.sender = sender;
        this.reader = reader;
    }

    /** Starts reading the event stream and sending {@code rate} commands a second to {@code fleet}'s devices. */
    static CommandTraffic start(String redisUri, Fleet fleet, int rate, long seed) {
        RedisSettings settings = new RedisSettings(redisUri, false, REDIS_TIMEOUT, RedisSettings.DEFAULT_RECONNECT_CAP);
        RedisSession readerSession = RedisSession.open(settings, CONNECT_DEADLINE);
        RedisSession senderSession = RedisSession.open(settings, CONNECT_DEADLINE);
        CommandEventReader reader = new CommandEventReader(readerSession.commands(), CALL_TIMEOUT).start();
        CommandSender sender = new CommandSender(new RedisCommandStore(senderSession.commands(), CommandStoreOptions.DEFAULTS),
                fleet, rate, seed, CALL_TIMEOUT).start();
        return new CommandTraffic(senderSession, readerSession, sender, reader);
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Stops sending; the reader goes on. */
    void stopSending() {
        sender.stop();
    }

    /** The checker over what the run sent, the stream said and the devices counted until now. */
    CommandJudge judge(Fleet fleet, FaultLog faults) {
        return new CommandJudge(sender.sent(), reader.events(), fleet.commandCounts(), fleet.truth(), faults.windows());
    }

    /**
     * Waits until every judged command has a terminal status in the stream, or {@link #SETTLE} after
     * the last enqueue; returns the checker's verdict then.
     */
    CommandJudge awaitEnd(Fleet fleet, FaultLog faults) {
        FaultSchedule.progress("waiting for every command to end (at most %d s after the last enqueue)", SETTLE.toSeconds());
        long settleEndMicros = sender.lastEnqueueMicros() + SETTLE.toNanos() / 1_000;
        Duration wait = Duration.ofNanos(Math.max(0, settleEndMicros - WallClock.micros()) * 1_000);
        Poll.untilOrTimeout(wait, Duration.ofMillis(500), () -> judge(fleet, faults).notTerminal() == 0);
        return judge(fleet, faults);
    }

    /** Enqueues refused (full queue), in the report beside the judge's totals. */
    long refused() {
        return sender.refused();
    }

    /** Stream entries that did not parse. */
    long malformedEvents() {
        return reader.malformed();
    }

    @Override
    public void close() throws Exception {
        sender.close();
        reader.close();
        senderSession.close();
        readerSession.close();
    }

    @Override
    public String toString() {
        return "command traffic";
    }
}
