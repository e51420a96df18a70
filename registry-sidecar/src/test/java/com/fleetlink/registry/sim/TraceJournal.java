package com.fleetlink.registry.sim;

import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.registry.core.Journal;
import com.fleetlink.registry.core.LifecycleEvent;
import com.fleetlink.registry.core.RedisOperation;
import com.fleetlink.registry.core.RedisOutcome;

/** The core's journal, written into the trace; received messages are already there, from the ingestion's side. */
final class TraceJournal implements Journal {
    private final SimTrace trace;
    private final String who;

    TraceJournal(SimTrace trace, String instanceId) {
        this.trace = trace;
        this.who = "sidecar[" + instanceId + "]";
    }

    @Override
    public void received(LocalMessage message) {
        // The ingestion traced it when it sent it.
    }

    @Override
    public void outcome(RedisOperation op, String imei, RedisOutcome outcome, String detail) {
        trace.add(who, op.word() + (imei == null ? "" : " " + imei) + " " + outcome.word() + (detail == null ? "" : " " + detail));
    }

    @Override
    public void lifecycle(LifecycleEvent what, String detail) {
        trace.add(who, what.word() + (detail == null ? "" : " " + detail));
    }

    @Override
    public void started(String instanceId) {
        trace.add(who, "started");
    }
}
