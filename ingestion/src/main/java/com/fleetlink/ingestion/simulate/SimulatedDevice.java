package com.fleetlink.ingestion.simulate;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.List;

/**
 * One simulated tracker: connects, says its IMEI, waits for {@code 01}, then sends an AVL packet,
 * waits for its ACK, checks the count, and sends the next, until the run stops. It outlives its
 * sockets: churn and lost connections give it a new one, and its records carry on where they were.
 *
 * <p>Confined to its shard's event loop; every callback first checks that it is about the current
 * socket, because a closed socket's last events can arrive after the next one was opened.
 */
final class SimulatedDevice {
    private enum State {
        /** Not started yet. */
        NEW,
        /** TCP connect in flight. */
        CONNECTING,
        /** IMEI sent, waiting for the server's answer. */
        HANDSHAKING,
        /** Handshaken, waiting for the pacer to let the next packet go. */
        WAITING_SLOT,
        /** A packet is out, waiting for its ACK. */
        AWAITING_ACK,
        /** Closing the socket on purpose, to reconnect. */
        CHURNING,
        /** The socket was lost; a reconnect is scheduled. */
        RECONNECT_WAIT,
        /** Done for this run. */
        STOPPED
    }

    private final String imei;
    private final RecordFactory records;
    private final FleetShard shard;
    private final CommandResponder commands;
    private State state = State.NEW;
    private Channel channel;
    private long sentAt;
    private int expected;
    private boolean churnRequested;
    private boolean outcomeReported;

    SimulatedDevice(String imei, RecordFactory records, FleetShard shard) {
        this.imei = imei;
        this.records = records;
        this.shard = shard;
        this.commands = new CommandResponder(imei, shard.settings().respond());
    }

    /** Opens a new socket, unless the run is over. */
    void connect() {
        if (state == State.STOPPED) {
            return;
        }
        if (shard.stopping()) {
            finish();
            return;
        }
        state = State.CONNECTING;
        ChannelFuture connecting = shard.connect(new DeviceChannelHandler(this));
        channel = connecting.channel();
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                connectFailed(connecting.channel(), f.cause());
            }
        });
    }

    /** The socket is up: say who we are. */
    void connected(Channel ch) {
        if (ch != channel || state != State.CONNECTING) {
            return;
        }
        state = State.HANDSHAKING;
        ByteBuf hello = ch.alloc().buffer(17);
        TeltonikaPacketEncoder.writeImei(hello, imei);
        ch.writeAndFlush(hello, ch.voidPromise());
    }

    /** How many answer bytes the device waits for now: 1 during the handshake, 4 for an ACK, else 0. */
    int answerLength(Channel ch) {
        if (ch != channel) {
            return 0;
        }
        return switch (state) {
            case HANDSHAKING -> 1;
            case AWAITING_ACK -> 4;
            default -> 0;
        };
    }

    /** The server answered the IMEI. */
    void handshakeAnswered(Channel ch, int answer) {
        if (ch != channel || state != State.HANDSHAKING) {
            return;
        }
        FleetCounters counters = shard.counters();
        if (answer == 1) {
            counters.handshakes++;
            reportOutcome(null);
            readyToSend();
        } else {
            counters.handshakeRejections++;
            reportOutcome(String.format("the server refused IMEI %s (answer 0x%02x)", imei, answer));
            finish();
        }
    }

    /** The server acknowledged the packet in flight with {@code count} records. */
    void acknowledged(Channel ch, int count) {
        if (ch != channel || state != State.AWAITING_ACK) {
            return;
        }
        shard.latencies().record(System.nanoTime() - sentAt);
        FleetCounters counters = shard.counters();
        if (count == expected) {
            counters.packetsAcked++;
            counters.recordsAcked += count;
        } else {
            counters.wrongAcks++;
        }
        readyToSend();
    }

    /** The server wrote a command on {@code ch}. */
    void commandReceived(Channel ch, CommandMessage command) {
        if (ch == channel && command.type() == CommandMessage.TYPE_COMMAND) {
            commands.received(ch, command, shard.counters());
        }
    }

    /** Asks the device to disconnect and reconnect once its packet in flight is acknowledged. */
    void requestChurn() {
        churnRequested = true;
    }

    private void readyToSend() {
        if (shard.stopping()) {
            finish();
        } else if (churnRequested) {
            churnRequested = false;
            churn();
        } else {
            state = State.WAITING_SLOT;
            shard.pace(this::send);
        }
    }

    private void send() {
        if (state != State.WAITING_SLOT) {
            return;
        }
        int count = shard.settings().records();
        List<AvlRecord> batch = records.next(count);
        ByteBuf packet = channel.alloc().buffer(64 + count * 128);
        TeltonikaPacketEncoder.writeAvlPacket(packet, shard.settings().codec(), batch);
        expected = count;
        state = State.AWAITING_ACK;
        shard.counters().packetsSent++;
        sentAt = System.nanoTime();
        channel.writeAndFlush(packet, channel.voidPromise());
    }

    private void churn() {
        state = State.CHURNING;
        shard.counters().churns++;
        // The listener runs on this event loop, after the old socket is closed.
        channel.close().addListener(f -> connect());
    }

    private void connectFailed(Channel ch, Throwable cause) {
        if (ch != channel || state != State.CONNECTING) {
            return;
        }
        shard.counters().connectFailures++;
        reportOutcome(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        connectionLost();
    }

    /** The socket closed. */
    void closed(Channel ch) {
        if (ch != channel) {
            return;
        }
        switch (state) {
            case STOPPED, CHURNING, RECONNECT_WAIT -> {
                return;
            }
            case AWAITING_ACK -> shard.counters().packetsUnacked++;
            default -> {
            }
        }
        shard.counters().disconnects++;
        reportOutcome("the server closed the connection before answering the handshake");
        connectionLost();
    }

    private void connectionLost() {
        if (shard.stopping()) {
            finish();
        } else {
            state = State.RECONNECT_WAIT;
            shard.reconnectLater(this);
        }
    }

    /** The run is over: finish now, or once the packet in flight is acknowledged. */
    void stop() {
        switch (state) {
            // Finish through readyToSend() once the ACK is in, or through connect().
            case AWAITING_ACK, CHURNING -> {
            }
            default -> finish();
        }
    }

    /** The drain bound has passed: finish now, counting a packet still in flight as unacknowledged. */
    void forceStop() {
        if (state == State.AWAITING_ACK) {
            shard.counters().packetsUnacked++;
        }
        finish();
    }

    private void finish() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        if (channel != null) {
            channel.close();
        }
        reportOutcome("stopped before the first handshake finished");
        shard.deviceStopped();
    }

    /** Tells the fleet how the first connection ended: {@code failure} null for accepted. */
    private void reportOutcome(String failure) {
        if (outcomeReported) {
            return;
        }
        outcomeReported = true;
        if (failure == null) {
            shard.outcomes().accepted();
        } else {
            shard.outcomes().failed(failure);
        }
    }
}
