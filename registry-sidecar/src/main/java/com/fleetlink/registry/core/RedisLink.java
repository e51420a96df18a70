package com.fleetlink.registry.core;

import com.fleetlink.registry.store.RegistryStore;
import com.fleetlink.registry.store.StoreFailure;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's view of its Redis connection: the store while connected, and whether Redis is
 * answering. After an operation whose outcome is unknown (a timeout: Redis may be paused and run it
 * later) nothing new is sent until a {@code PING} sent after it is answered, which proves that
 * everything queued before it has run; only then is the unknown work decided and sent again
 * (issue: a hung Redis must not pile up resends). One probe is out at a time. Confined to the core loop.
 */
public final class RedisLink {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    /** Pause before probing again after a probe that was never sent. */
    static final long UNSENT_PROBE_RETRY_MS = 500;

    private final CoreLoop loop;
    private final Journal journal;
    private final List<Runnable> onAnswering = new ArrayList<>();
    private RegistryStore store;
    private boolean suspect;
    private boolean probing;
    private long connection;

    public RedisLink(CoreLoop loop, Journal journal) {
        this.loop = loop;
        this.journal = journal;
    }

    /** Runs {@code action} on the loop whenever Redis (again) takes new work: after a connect or a cleared suspicion. */
    public void onAnswering(Runnable action) {
        onAnswering.add(action);
    }

    /** A (re)connection is up with this store. */
    void up(RegistryStore store) {
        loop.assertInLoop();
        this.store = store;
        connection++;
        // A new connection carries nothing of the old one's queue.
        suspect = false;
        probing = false;
        answering();
    }

    /** The connection went down. */
    void down() {
        loop.assertInLoop();
        store = null;
        connection++;
        probing = false;
    }

    /** Changes at every connect and every drop: work begun under one value is stale under another. */
    long connection() {
        return connection;
    }

    /** The store while connected, else {@code null}; reads may use it even while Redis is suspect. */
    public RegistryStore store() {
        return store;
    }

    /** The store if new work may be sent now: connected and not waiting for a hung Redis; else {@code null}. */
    public RegistryStore writable() {
        return suspect ? null : store;
    }

    /** An operation failed: an unknown outcome makes Redis suspect until a probe comes back. */
    public void failed(StoreFailure failure) {
        loop.assertInLoop();
        if (failure instanceof StoreFailure.Unknown && store != null && !suspect) {
            suspect = true;
            journal.lifecycle(LifecycleEvent.REDIS_SUSPECT, failure.getMessage());
            log.warn("redis did not answer ({}); holding work until it answers a ping", failure.getMessage());
            probe();
        }
    }

    private void probe() {
        RegistryStore s = store;
        if (s == null || probing || !suspect) {
            return;
        }
        probing = true;
        long sentOn = connection;
        loop.whenDone(s.ping(), (ok, error) -> {
            if (sentOn != connection) {
                return;
            }
            probing = false;
            if (error == null) {
                suspect = false;
                journal.lifecycle(LifecycleEvent.REDIS_ANSWERING, null);
                log.info("redis answers again; resending held work");
                answering();
            } else if (error instanceof StoreFailure.Unsent) {
                loop.schedule(this::probe, UNSENT_PROBE_RETRY_MS);
            } else {
                probe();
            }
        });
    }

    private void answering() {
        for (Runnable action : onAnswering) {
            action.run();
        }
    }
}
