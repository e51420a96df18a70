package com.fleetlink.registry.sim;

import com.fleetlink.registry.command.CancelResult;
import com.fleetlink.registry.command.ClaimResult;
import com.fleetlink.registry.command.CommandFields;
import com.fleetlink.registry.command.CommandOutcome;
import com.fleetlink.registry.command.CommandRequest;
import com.fleetlink.registry.command.DeviceSweep;
import com.fleetlink.registry.command.EnqueueResult;
import com.fleetlink.registry.command.StoredCommand;
import com.fleetlink.registry.command.Transition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The command scripts of {@code command/*.lua} in memory, one method per script with exactly its
 * semantics (held to them by {@code SimRedisMatchesRealRedisTest}): per device a queue, the id in
 * progress and the commands' hashes as text fields. What the store does around a script (indexes,
 * outbox, stream) is not modelled, nor the retention: runs are far shorter than any retention.
 */
final class SimCommands {
    private static final Set<String> TERMINAL = Set.of("responded", "sent_no_reply", "unknown", "expired", "rejected_imei",
            "cancelled");

    private final LongSupplier time;
    /** By IMEI, sorted: the index-like reads below list devices in one order on every run. */
    private final Map<String, Device> devices = new TreeMap<>();

    private static final class Device {
        final Deque<String> queue = new ArrayDeque<>();
        String active;
        final Map<String, Map<String, String>> hashes = new HashMap<>();
    }

    SimCommands(LongSupplier time) {
        this.time = time;
    }

    void flushAll() {
        devices.clear();
    }

    private Device device(String imei) {
        return devices.computeIfAbsent(imei, k -> new Device());
    }

    /** enqueue.lua; {@code held} is what the store read before it, {@code queueLimit} the store's option. */
    EnqueueResult enqueue(CommandRequest r, boolean held, int queueLimit) {
        Device d = device(r.imei());
        Map<String, String> c = d.hashes.get(r.id());
        String text = r.text() ? "1" : "0";
        if (c != null) {
            boolean same = c.get("payload").equals(r.payloadHex()) && c.get("text").equals(text)
                    && c.get("codec").equals(Integer.toString(r.codec()));
            return same ? new EnqueueResult.Accepted(read(c), false) : new EnqueueResult.Conflict(read(c));
        }
        boolean offline = r.noQueue() && !held;
        if (!offline && d.queue.size() >= queueLimit) {
            return new EnqueueResult.QueueFull();
        }
        long now = time.getAsLong();
        c = new LinkedHashMap<>();
        c.put("id", r.id());
        c.put("imei", r.imei());
        c.put("requester", r.requester());
        c.put("payload", r.payloadHex());
        c.put("text", text);
        c.put("codec", Integer.toString(r.codec()));
        c.put("expire_at", Long.toString(now + r.expire().toMillis()));
        c.put("response_timeout_ms", Long.toString(r.responseTimeout().toMillis()));
        c.put("no_reply", r.noReply() ? "1" : "0");
        c.put("max_attempts", Integer.toString(r.maxAttempts()));
        c.put("status", "queued");
        c.put("attempt", "0");
        c.put("writes", "0");
        for (String empty : List.of("owner", "lease_until", "claimed_at", "sent_at", "finished_at", "result", "reason",
                "late_result", "late_at")) {
            c.put(empty, "");
        }
        c.put("created_at", Long.toString(now));
        d.hashes.put(r.id(), c);
        if (offline) {
            finish(d, c, "expired", "offline", null);
        } else {
            d.queue.addLast(r.id());
        }
        return new EnqueueResult.Accepted(read(c), true);
    }

    /** claim.lua */
    ClaimResult claim(String imei, String owner, long leaseMillis) {
        Device d = device(imei);
        if (d.active != null) {
            Map<String, String> a = d.hashes.get(d.active);
            if (a != null && inProgress(a)) {
                return new ClaimResult.Busy(read(a));
            }
            d.active = null;
        }
        long now = time.getAsLong();
        while (!d.queue.isEmpty()) {
            Map<String, String> c = d.hashes.get(d.queue.peekFirst());
            if (c == null || !c.get("status").equals("queued")) {
                d.queue.pollFirst();
            } else if (due(c, now)) {
                expire(d, c);
            } else {
                d.queue.pollFirst();
                d.active = c.get("id");
                c.put("status", "dispatching");
                c.put("attempt", Integer.toString(num(c, "attempt") + 1));
                c.put("owner", owner);
                c.put("lease_until", Long.toString(now + leaseMillis));
                c.put("claimed_at", Long.toString(now));
                c.put("reason", "");
                return new ClaimResult.Claimed(read(c));
            }
        }
        return new ClaimResult.Empty();
    }

    /** sent.lua */
    Transition sent(String imei, String id, int attempt, long leaseMillis) {
        Map<String, String> c = device(imei).hashes.get(id);
        if (c == null) {
            return new Transition.Missing();
        }
        if (num(c, "attempt") != attempt || !c.get("status").equals("dispatching")) {
            return new Transition.Stale(read(c));
        }
        long now = time.getAsLong();
        c.put("status", "sent");
        c.put("writes", Integer.toString(num(c, "writes") + 1));
        c.put("sent_at", Long.toString(now));
        c.put("lease_until", Long.toString(now + leaseMillis));
        return new Transition.Applied(read(c));
    }

    /** complete.lua */
    Transition complete(String imei, String id, int attempt, CommandOutcome outcome) {
        Device d = device(imei);
        Map<String, String> c = d.hashes.get(id);
        if (c == null) {
            return new Transition.Missing();
        }
        if (num(c, "attempt") != attempt || !inProgress(c)) {
            return new Transition.Stale(read(c));
        }
        if (c.get("status").equals("dispatching")) {
            c.put("writes", Integer.toString(num(c, "writes") + 1));
        }
        finish(d, c, outcome.status().word(), outcome.reason(), outcome.result());
        return new Transition.Applied(read(c));
    }

    /** requeue.lua */
    Transition requeue(String imei, String id, int attempt, boolean written, String reason) {
        Device d = device(imei);
        Map<String, String> c = d.hashes.get(id);
        if (c == null) {
            return new Transition.Missing();
        }
        if (num(c, "attempt") != attempt || !inProgress(c)) {
            return new Transition.Stale(read(c));
        }
        retryOrFinish(d, c, written, reason);
        return new Transition.Applied(read(c));
    }

    /** late.lua */
    Transition late(String imei, String id, int attempt, String result) {
        Map<String, String> c = device(imei).hashes.get(id);
        if (c == null) {
            return new Transition.Missing();
        }
        if (num(c, "attempt") != attempt) {
            return new Transition.Stale(read(c));
        }
        c.put("late_result", result);
        c.put("late_at", Long.toString(time.getAsLong()));
        return new Transition.Applied(read(c));
    }

    /** cancel.lua; {@code attempt} null for a caller's cancel. */
    CancelResult cancel(String imei, String id, Integer attempt, String reason) {
        Device d = device(imei);
        Map<String, String> c = d.hashes.get(id);
        if (c == null) {
            return new CancelResult.Missing();
        }
        if (TERMINAL.contains(c.get("status"))) {
            return new CancelResult.AlreadyFinished(read(c));
        }
        if (attempt == null) {
            if (!c.get("status").equals("queued")) {
                return new CancelResult.InProgress(read(c));
            }
        } else if (num(c, "attempt") != attempt || !c.get("status").equals("dispatching")) {
            return new CancelResult.Stale(read(c));
        }
        finish(d, c, "cancelled", reason, null);
        return new CancelResult.Cancelled(read(c));
    }

    /** sweep.lua */
    DeviceSweep sweep(String imei) {
        Device d = device(imei);
        long now = time.getAsLong();
        List<String> finished = new ArrayList<>();
        for (String id : new ArrayList<>(d.queue)) {
            Map<String, String> c = d.hashes.get(id);
            if (c == null || !c.get("status").equals("queued")) {
                d.queue.removeIf(id::equals);
            } else if (due(c, now)) {
                expire(d, c);
                finished.add(id);
            }
        }
        if (d.active != null) {
            Map<String, String> c = d.hashes.get(d.active);
            if (c == null || !inProgress(c)) {
                d.active = null;
            } else if (Long.parseLong(c.get("lease_until")) <= now) {
                retryOrFinish(d, c, true, "lease_lapsed");
                if (TERMINAL.contains(c.get("status"))) {
                    finished.add(c.get("id"));
                }
            }
        }
        return new DeviceSweep(imei, finished, List.copyOf(d.queue), d.active);
    }

    /** Every command of a device, by id. */
    Map<String, StoredCommand> commands(String imei) {
        Map<String, StoredCommand> all = new HashMap<>();
        device(imei).hashes.forEach((id, c) -> all.put(id, read(c)));
        return all;
    }

    /**
     * The devices the store's expiry and lease indexes have due at Redis' {@code now}: a queued command
     * past its expiry, or the command in progress past its lease; at most {@code limit}.
     */
    List<String> dueDevices(int limit) {
        long now = time.getAsLong();
        return devices.entrySet().stream().filter(e -> hasDue(e.getValue(), now)).map(Map.Entry::getKey).limit(limit).toList();
    }

    private boolean hasDue(Device d, long now) {
        Map<String, String> a = d.active == null ? null : d.hashes.get(d.active);
        if (a != null && inProgress(a) && Long.parseLong(a.get("lease_until")) <= now) {
            return true;
        }
        return d.queue.stream().map(d.hashes::get).anyMatch(c -> c != null && c.get("status").equals("queued") && due(c, now));
    }

    /** The devices with a queued command: the expiry index's members. */
    List<String> queuedDevices() {
        return devices.entrySet().stream().filter(e -> !e.getValue().queue.isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** Every command held, by device then id. */
    Map<String, Map<String, StoredCommand>> all() {
        Map<String, Map<String, StoredCommand>> all = new TreeMap<>();
        devices.forEach((imei, d) -> {
            if (!d.hashes.isEmpty()) {
                all.put(imei, new TreeMap<>(commands(imei)));
            }
        });
        return all;
    }

    /** The {@code EXISTS queue active} read (the outbox is not modelled); asks without creating the device. */
    boolean hasWork(String imei) {
        Device d = devices.get(imei);
        return d != null && (!d.queue.isEmpty() || d.active != null);
    }

    List<String> queue(String imei) {
        return List.copyOf(device(imei).queue);
    }

    String active(String imei) {
        return device(imei).active;
    }

    private void retryOrFinish(Device d, Map<String, String> c, boolean written, String reason) {
        if (written && c.get("status").equals("dispatching")) {
            c.put("writes", Integer.toString(num(c, "writes") + 1));
        }
        if (due(c, time.getAsLong())) {
            expire(d, c);
        } else if (num(c, "writes") < num(c, "max_attempts")) {
            c.put("status", "queued");
            c.put("lease_until", "");
            c.put("reason", reason);
            d.active = null;
            d.queue.addFirst(c.get("id"));
        } else {
            finish(d, c, "unknown", reason, null);
        }
    }

    private void expire(Device d, Map<String, String> c) {
        finish(d, c, num(c, "writes") > 0 ? "unknown" : "expired", "expiry", null);
    }

    private void finish(Device d, Map<String, String> c, String status, String reason, String result) {
        c.put("status", status);
        c.put("reason", reason);
        if (result != null) {
            c.put("result", result);
        }
        c.put("finished_at", Long.toString(time.getAsLong()));
        c.put("lease_until", "");
        d.queue.removeIf(c.get("id")::equals);
        if (c.get("id").equals(d.active)) {
            d.active = null;
        }
    }

    private static boolean due(Map<String, String> c, long now) {
        return Long.parseLong(c.get("expire_at")) <= now;
    }

    private static boolean inProgress(Map<String, String> c) {
        return c.get("status").equals("dispatching") || c.get("status").equals("sent");
    }

    private static int num(Map<String, String> c, String field) {
        return Integer.parseInt(c.get(field));
    }

    private static StoredCommand read(Map<String, String> c) {
        return CommandFields.read(c);
    }
}
