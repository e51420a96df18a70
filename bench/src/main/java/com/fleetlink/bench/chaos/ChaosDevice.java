package com.fleetlink.bench.chaos;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.IoElements;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated tracker: it handshakes, sends Codec 8E packets and waits for each ACK, and after a
 * while reconnects — to the same instance or another, or opens a second socket to the same one
 * before the first has closed. Every record carries its per-device sequence number as its
 * timestamp offset (and IO element 16), so the checker can find it in the telemetry files; records
 * whose ACK never came are resent on the next socket, as a real device does. It reads the server's
 * Codec 12 and 14 commands as they come (after the ACK they follow) and answers each at once on the
 * socket it came on: {@code OK <text>} as a type 0x06 response, or a Codec 14 nACK when the command
 * names another IMEI; the fleet's {@link DeviceCommandLog} counts every command read and answered.
 *
 * <p>Confined to the fleet's event loop: every method runs on it.
 */
final class ChaosDevice {
    /** The IO element id carrying the record's sequence number (Teltonika's total odometer, 4 bytes). */
    static final int IO_SEQUENCE = 16;
    private static final int MAX_RECORDS_PER_PACKET = 3;
    /** How long a device waits for a handshake answer or an ACK before it gives the socket up. */
    private static final long ANSWER_TIMEOUT_MS = 10_000;

    /** One socket of this device. */
    final class Socket {
        final String instance;
        Channel channel;
        GroundTruth.Span span;
        boolean ready;
        /** The device closed it, or let the server supersede it: no reconnect when it closes. */
        boolean expectedClose;
        long[] inFlight;
        long sentNanos;
        long sentMicros;

        Socket(String instance) {
            this.instance = instance;
        }

        boolean handshaken() {
            return ready;
        }
    }

    /** Moving about; staying at the target; gone offline for good with its instance (no reconnect, no records). */
    private enum Phase { RUNNING, SETTLING, OFFLINE }

    private final int index;
    private final String imei;
    private final Fleet fleet;
    private final SplittableRandom random;
    private final long baseTime;
    private final Deque<Long> backlog = new ArrayDeque<>();
    private final BitSet acked = new BitSet();
    private long nextSeq;
    private long packetsSent;
    private long wrongAcks;
    private long answerTimeouts;
    private Socket current;
    private int openSockets;
    private boolean reconnectPending;
    private Phase phase = Phase.RUNNING;
    private String target;

    ChaosDevice(int index, String imei, Fleet fleet, SplittableRandom random, long baseTime) {
        this.index = index;
        this.imei = imei;
        this.fleet = fleet;
        this.random = random;
        this.baseTime = baseTime;
    }

    String imei() {
        return imei;
    }

    /** First connect, after a random stagger so the fleet does not arrive at once. */
    void start(long staggerMs) {
        reconnectPending = true;
        fleet.loop().schedule(() -> connect(chooseInstance(null)), staggerMs, TimeUnit.MILLISECONDS);
    }

    /** From now on: finish what is in flight, resend what is unacknowledged, and stay at {@code instance}. */
    void settle(String instance) {
        if (phase == Phase.OFFLINE) {
            return;
        }
        phase = Phase.SETTLING;
        target = instance;
        if (current == null) {
            return; // the pending reconnect goes to the target
        }
        if (current.ready && current.instance.equals(target)) {
            sendNext(current);
        } else {
            closeOwn(current);
            current = null;
            connect(target);
        }
    }

    /**
     * The device's instance is about to be killed: it never reconnects and sends nothing more, like
     * a tracker that went to sleep; its registry field is stale once the socket is reset.
     */
    void goOffline() {
        phase = Phase.OFFLINE;
    }

    /** Whether it has a socket whose handshake was answered. */
    boolean connected() {
        return current != null && current.ready;
    }

    /** Whether its current socket is at {@code instance} and answered. */
    boolean currentlyAt(String instance) {
        return current != null && current.ready && current.instance.equals(instance);
    }

    /**
     * Settled: one open socket, at the target, answered, nothing in flight or waiting to be resent;
     * or offline for good with no socket left.
     */
    boolean settled() {
        if (phase == Phase.OFFLINE) {
            return openSockets == 0;
        }
        return phase == Phase.SETTLING && current != null && current.ready && current.instance.equals(target)
                && openSockets == 1 && current.inFlight == null && backlog.isEmpty();
    }

    /** Where the device stands, for the report of devices that did not settle. */
    String describe() {
        String socket = current == null ? "none"
                : current.instance + (current.ready ? "" : " (handshaking)") + (current.inFlight == null ? "" : " (awaiting ACK)");
        return imei + ": current " + socket + ", target " + target + ", open sockets " + openSockets
                + ", to resend " + backlog.size() + (reconnectPending ? ", reconnect pending" : "");
    }

    /** Records numbered {@code 0 … recordsCreated()-1} were created; these were acknowledged. */
    BitSet ackedRecords() {
        return acked;
    }

    long recordsCreated() {
        return nextSeq;
    }

    long packetsSent() {
        return packetsSent;
    }

    long wrongAcks() {
        return wrongAcks;
    }

    /** Sockets given up because a handshake answer or an ACK did not come in time. */
    long answerTimeouts() {
        return answerTimeouts;
    }

    /** The record's timestamp: the run's base time plus its sequence number in milliseconds. */
    long timestampOf(long seq) {
        return baseTime + seq;
    }

    void opened(Socket socket, Channel channel) {
        socket.channel = channel;
        openSockets++;
        socket.span = fleet.truth().opening(imei, socket.instance);
        ByteBuf hello = channel.alloc().buffer(17);
        TeltonikaPacketEncoder.writeImei(hello, imei);
        channel.writeAndFlush(hello);
        fleet.loop().schedule(() -> {
            if (!socket.ready && channel.isActive()) {
                answerTimeouts++;
                fleet.truth().closed(socket.span);
                channel.close();
            }
        }, ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    void handshakeAnswered(Socket socket, int answer) {
        if (answer != 1) {
            socket.channel.close();
            return;
        }
        fleet.truth().acked(socket.span);
        socket.ready = true;
        if (phase == Phase.OFFLINE || (phase == Phase.SETTLING && !socket.instance.equals(target))) {
            // Began before the settle: an unexpected close, so the device reconnects to its target.
            fleet.truth().closed(socket.span);
            socket.channel.close();
            return;
        }
        Socket previous = current;
        if (previous != null && previous.instance.equals(socket.instance)) {
            // The server supersedes the older socket. What it still has in flight is either
            // acknowledged on it or requeued when it closes.
            previous.expectedClose = true;
        } else if (previous != null) {
            // A reconnect raced a second socket (its first was reset meanwhile) and they reached
            // different instances: a device keeps one connection, the newest.
            closeOwn(previous);
        }
        current = socket;
        sendNext(socket);
        if (phase == Phase.RUNNING) {
            fleet.loop().schedule(() -> endSession(socket), 2_000 + random.nextInt(fleet.model().meanSessionMs() * 2),
                    TimeUnit.MILLISECONDS);
        }
    }

    void acknowledged(Socket socket, int count) {
        long[] sent = socket.inFlight;
        if (sent == null || count != sent.length) {
            wrongAcks++;
            return;
        }
        long nanos = System.nanoTime() - socket.sentNanos;
        fleet.latencies().add(socket.sentMicros, WallClock.micros(), nanos);
        for (long seq : sent) {
            acked.set((int) seq);
        }
        socket.inFlight = null;
        if (socket == current) {
            if (phase == Phase.SETTLING) {
                sendNext(socket);
            } else {
                fleet.loop().schedule(() -> sendNext(socket),
                        fleet.model().sendGapMs() + random.nextInt(fleet.model().sendGapSpreadMs()), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The server wrote a command frame on {@code socket}. */
    void commandReceived(Socket socket, CommandMessage command) {
        if (command.type() != CommandMessage.TYPE_COMMAND) {
            return;
        }
        fleet.commands().received(command.text());
        if (!CommandText.answered(command.text())) {
            return;
        }
        ByteBuf answer = socket.channel.alloc().buffer();
        byte[] ok = CommandText.reply(command.text()).getBytes(StandardCharsets.UTF_8);
        if (command.codec() != Codec.CODEC_14) {
            TeltonikaPacketEncoder.writeCodec12(answer, CommandMessage.TYPE_RESPONSE, ok);
            answered(command);
        } else if (imei.equals(command.imei())) {
            TeltonikaPacketEncoder.writeCodec14(answer, CommandMessage.TYPE_RESPONSE, imei, ok);
            answered(command);
        } else {
            TeltonikaPacketEncoder.writeCodec14(answer, CommandMessage.TYPE_NACK, imei, new byte[0]);
        }
        socket.channel.writeAndFlush(answer);
    }

    private void answered(CommandMessage command) {
        String id = CommandText.idOf(command.text());
        if (id != null) {
            fleet.commands().answered(id);
        }
    }

    void closed(Socket socket) {
        openSockets--;
        if (socket.span != null) {
            fleet.truth().closed(socket.span);
        }
        requeue(socket);
        if (socket == current) {
            current = null;
        }
        boolean lostCurrent = !socket.expectedClose && (socket.ready || current == null);
        if (lostCurrent && current == null) {
            reconnectLater(socket.instance);
        }
    }

    private void connect(String instance) {
        reconnectPending = false;
        Socket socket = new Socket(instance);
        fleet.bootstrap(instance).handler(new DeviceSocketHandler(this, socket)).connect().addListener(f -> {
            if (!f.isSuccess() && current == null) {
                reconnectLater(instance);
            }
        });
    }

    private void reconnectLater(String lost) {
        if (reconnectPending || phase == Phase.OFFLINE) {
            return;
        }
        reconnectPending = true;
        fleet.loop().schedule(() -> connect(chooseInstance(lost)), 100 + random.nextInt(900), TimeUnit.MILLISECONDS);
    }

    /** The instance to connect to now; {@code lost} is the one just lost, {@code null} at the first connect. */
    private String chooseInstance(String lost) {
        if (phase == Phase.SETTLING) {
            return target;
        }
        DeviceModel.Placement placement = fleet.model().placement();
        return lost == null ? placement.first(fleet, index, random) : placement.afterLoss(fleet, lost, random);
    }

    private void sendNext(Socket socket) {
        if (socket != current || !socket.ready || socket.inFlight != null || !socket.channel.isActive()
                || phase == Phase.OFFLINE) {
            return;
        }
        List<Long> seqs = new ArrayList<>(MAX_RECORDS_PER_PACKET);
        while (!backlog.isEmpty() && seqs.size() < MAX_RECORDS_PER_PACKET) {
            seqs.add(backlog.poll());
        }
        if (seqs.isEmpty() && phase == Phase.RUNNING) {
            int n = 1 + random.nextInt(MAX_RECORDS_PER_PACKET);
            for (int i = 0; i < n; i++) {
                seqs.add(nextSeq++);
            }
        }
        if (seqs.isEmpty()) {
            return;
        }
        List<AvlRecord> records = new ArrayList<>(seqs.size());
        long[] inFlight = new long[seqs.size()];
        for (int i = 0; i < seqs.size(); i++) {
            inFlight[i] = seqs.get(i);
            records.add(record(seqs.get(i)));
        }
        ByteBuf packet = socket.channel.alloc().buffer(64 * records.size() + 16);
        TeltonikaPacketEncoder.writeAvlPacket(packet, Codec.CODEC_8_EXTENDED, records);
        socket.inFlight = inFlight;
        socket.sentNanos = System.nanoTime();
        socket.sentMicros = WallClock.micros();
        packetsSent++;
        socket.channel.writeAndFlush(packet);
        fleet.loop().schedule(() -> {
            if (socket.inFlight == inFlight) {
                // A real device gives up on a socket whose ACK does not come, and resends elsewhere.
                answerTimeouts++;
                fleet.truth().closed(socket.span);
                socket.channel.close();
            }
        }, ANSWER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private AvlRecord record(long seq) {
        IoElements io = IoElements.builder(2).add(IO_SEQUENCE, 4, seq).add(240, 1, 1).build();
        int longitude = 250_000_000 + index * 100 + (int) (seq % 100);
        return new AvlRecord(timestampOf(seq), 0, longitude, 546_000_000, 120, 90, 9, 50, 0,
                AvlRecord.NO_GENERATION_TYPE, io);
    }

    /**
     * Closes a socket on the device's own decision. The truth records the close at once: the server
     * may act on it before this loop runs the socket's close callback.
     */
    private void closeOwn(Socket socket) {
        socket.expectedClose = true;
        fleet.truth().closed(socket.span);
        socket.channel.close();
    }

    /** Puts what a socket had in flight back to be resent first. */
    private void requeue(Socket socket) {
        long[] sent = socket.inFlight;
        socket.inFlight = null;
        if (sent != null) {
            for (int i = sent.length - 1; i >= 0; i--) {
                if (!acked.get((int) sent[i])) {
                    backlog.addFirst(sent[i]);
                }
            }
        }
    }

    /** The end of a connection's life: reconnect, here or there, or open a second socket here first. */
    private void endSession(Socket socket) {
        if (phase != Phase.RUNNING || current != socket) {
            return;
        }
        if (current.inFlight != null) {
            fleet.loop().schedule(() -> endSession(socket), 50, TimeUnit.MILLISECONDS);
            return;
        }
        int roll = random.nextInt(100);
        if (roll < fleet.model().doubleSocketPercent()) {
            // Twice in a row to the same instance: the new socket's handshake supersedes the old one.
            connect(current.instance);
            return;
        }
        Socket old = current;
        closeOwn(old);
        current = null;
        String next = roll < 60 ? old.instance : fleet.other(old.instance, random);
        reconnectPending = true;
        fleet.loop().schedule(() -> connect(phase == Phase.SETTLING ? target : next), random.nextInt(300),
                TimeUnit.MILLISECONDS);
    }
}
