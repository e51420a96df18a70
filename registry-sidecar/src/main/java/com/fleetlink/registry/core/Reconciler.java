package com.fleetlink.registry.core;

import com.fleetlink.registry.metrics.SidecarMetrics;
import com.fleetlink.registry.store.OwnedPage;
import com.fleetlink.registry.store.RegistryStore;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level-triggered convergence (invariant 7): re-asserts every held device, and — only while the
 * held set is known to be complete — scans the registry for fields naming this instance that it does
 * not hold and hands them to the writer, which releases them by compare-and-delete. Fields naming
 * other instances are never touched. The scan goes one page at a time with a pause between pages, so
 * a large registry costs Redis little. The cleanup half also waits while {@code cleanupBlocked}
 * says so (another process may use our instance id: the strays may be its entries). Confined to
 * the core loop.
 */
public final class Reconciler {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** HSCAN page size. */
    static final int PAGE = 1000;

    private final CoreLoop loop;
    private final RedisLink link;
    private final HeldSet held;
    private final RegistryWriter writer;
    private final SidecarMetrics metrics;
    private final Duration pagePause;
    private final BooleanSupplier cleanupBlocked;
    private boolean scanning;
    private boolean rescanWanted;
    private volatile long lastRunMillis;
    private volatile long lastStrays;

    public Reconciler(CoreLoop loop, RedisLink link, HeldSet held, RegistryWriter writer, SidecarMetrics metrics,
                      Duration pagePause, BooleanSupplier cleanupBlocked) {
        this.loop = loop;
        this.link = link;
        this.held = held;
        this.writer = writer;
        this.metrics = metrics;
        this.pagePause = pagePause;
        this.cleanupBlocked = cleanupBlocked;
    }

    /** Starts a pass now (a scan already running is followed by another). */
    public void run() {
        loop.assertInLoop();
        RegistryStore r = link.writable();
        if (r == null || writer.repairsSuspended()) {
            return;
        }
        metrics.reconcileRun();
        lastRunMillis = loop.currentTimeMillis();
        writer.markAllHeld();
        if (!cleanupAllowed()) {
            return;
        }
        if (scanning) {
            rescanWanted = true;
            return;
        }
        scanning = true;
        lastStrays = 0;
        scanPage(r, OwnedPage.FIRST);
    }

    private void scanPage(RegistryStore r, String cursor) {
        loop.whenDone(r.scanOwned(cursor, PAGE), (page, error) -> {
            if (error != null) {
                link.failed(error);
                metrics.failure("scan");
                log.warn("reconcile scan failed; the next pass retries: {}", error.toString());
                finishScan();
                return;
            }
            if (cleanupAllowed()) {
                for (String imei : page.imeis()) {
                    if (!held.contains(imei)) {
                        lastStrays++;
                        writer.markDirty(imei);
                    }
                }
            }
            if (page.finished() || link.writable() != r) {
                finishScan();
            } else {
                loop.schedule(() -> scanPage(r, page.cursor()), pagePause.toMillis());
            }
        });
    }

    private boolean cleanupAllowed() {
        return held.isComplete() && !cleanupBlocked.getAsBoolean();
    }

    private void finishScan() {
        scanning = false;
        if (rescanWanted) {
            rescanWanted = false;
            run();
        }
    }

    /** Whether a cleanup scan is running; only on the core loop. */
    public boolean isScanning() {
        return scanning;
    }

    /** Wall-clock ms when the last pass started, 0 before the first. */
    public long lastRunMillis() {
        return lastRunMillis;
    }

    /** Fields naming us but not held that the last scan found. */
    public long lastStrays() {
        return lastStrays;
    }
}
