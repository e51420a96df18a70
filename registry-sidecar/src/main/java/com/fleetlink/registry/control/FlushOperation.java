package com.fleetlink.registry.control;

import com.fleetlink.protocol.control.FlushReply;
import com.fleetlink.registry.core.SidecarCore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code flush}: heartbeat and a full reconcile now, then — once the writer has nothing left — a
 * report of what changed. Fails ({@code ok: false}) when Redis cannot be reached or the work does not
 * finish in time.
 */
public final class FlushOperation {
    private static final long POLL_MS = 20;
    private final SidecarCore core;
    private final long timeoutMillis;

    public FlushOperation(SidecarCore core, long timeoutMillis) {
        this.core = core;
        this.timeoutMillis = timeoutMillis;
    }

    /** Runs the flush; completes with the reply. */
    public CompletionStage<FlushReply> run() {
        CompletableFuture<FlushReply> reply = new CompletableFuture<>();
        core.execute(() -> {
            long repairs = core.writer().repairs();
            long released = core.writer().released();
            long conflicts = core.writer().conflicts();
            if (core.writer().registry() == null) {
                reply.complete(result(false, "redis is not connected", 0, 0, 0));
                return;
            }
            core.flush();
            long deadline = System.currentTimeMillis() + timeoutMillis;
            core.execute(() -> awaitIdle(reply, deadline, repairs, released, conflicts));
        });
        return reply;
    }

    private void awaitIdle(CompletableFuture<FlushReply> reply, long deadline,
                           long repairs, long released, long conflicts) {
        boolean idle = core.writer().pending() == 0 && !core.reconciler().isScanning();
        boolean up = core.writer().registry() != null;
        if ((idle && up) || !up || System.currentTimeMillis() > deadline) {
            String error = !up ? "redis disconnected during the flush" : idle ? null : "work still pending at the deadline";
            reply.complete(result(error == null, error, core.writer().repairs() - repairs,
                    core.writer().released() - released, core.writer().conflicts() - conflicts));
            return;
        }
        core.schedule(() -> awaitIdle(reply, deadline, repairs, released, conflicts), POLL_MS, TimeUnit.MILLISECONDS);
    }

    private FlushReply result(boolean ok, String error, long repaired, long released, long conflicts) {
        return new FlushReply(ok, error, repaired, released, conflicts, core.held().size());
    }
}
