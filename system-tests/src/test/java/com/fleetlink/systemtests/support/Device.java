package com.fleetlink.systemtests.support;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.IoElements;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A tracker on a real TCP socket: the IMEI handshake ({@code 000F} + 15 ASCII digits, answered
 * {@code 01}), Codec 8 AVL packets, and the 4-byte ACK that counts the records the server accepted.
 * It also reads the Codec 12 commands (type 0x05) the server writes and answers them with a type
 * 0x06 response, or stays silent.
 */
public final class Device implements AutoCloseable {
    /** Longer than any bound a test asserts, so a late answer is measured rather than cut off. */
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final String imei;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final long handshakeNanos;

    private Device(String imei, Socket socket, long handshakeNanos) throws IOException {
        this.imei = imei;
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.handshakeNanos = handshakeNanos;
    }

    /** Connects to {@code port} and completes the handshake; fails unless the server answers {@code 01}. */
    public static Device connect(int port, String imei) {
        try {
            long start = System.nanoTime();
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x00, 0x0F}); // IMEI length
            out.write(imei.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            int answer = socket.getInputStream().read();
            if (answer != 1) {
                socket.close();
                throw new AssertionError("handshake of " + imei + " answered " + answer + ", not 1");
            }
            return new Device(imei, socket, System.nanoTime() - start);
        } catch (IOException e) {
            throw new UncheckedIOException("device " + imei + " could not connect to port " + port, e);
        }
    }

    /** Connects {@code imeis.size()} devices one after the other. */
    public static List<Device> connectAll(int port, List<String> imeis) {
        List<Device> devices = new ArrayList<>(imeis.size());
        for (String imei : imeis) {
            devices.add(connect(port, imei));
        }
        return devices;
    }

    /** Its IMEI. */
    public String imei() {
        return imei;
    }

    /** From connect to the {@code 01} answer. */
    public Duration handshakeTime() {
        return Duration.ofNanos(handshakeNanos);
    }

    /**
     * Sends one packet of {@code records} records and waits for its ACK; returns the time from the
     * first byte sent to the ACK read. Fails if the ACK does not count every record.
     */
    public Duration sendPacket(int records) {
        byte[] packet = packet(records);
        try {
            long start = System.nanoTime();
            out.write(packet);
            out.flush();
            int ack = in.readInt();
            long took = System.nanoTime() - start;
            if (ack != records) {
                throw new AssertionError(imei + ": ACK " + ack + " for a packet of " + records + " records");
            }
            return Duration.ofNanos(took);
        } catch (SocketTimeoutException e) {
            throw new AssertionError(imei + ": no ACK within " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(imei + ": socket failed while sending a packet", e);
        }
    }

    private static byte[] packet(int records) {
        long now = System.currentTimeMillis();
        List<AvlRecord> list = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            list.add(new AvlRecord(now - i * 1000L, 0, 254_000_000, 546_000_000, 120, 90, 9, 42, 0,
                    AvlRecord.NO_GENERATION_TYPE, IoElements.EMPTY));
        }
        ByteBuf buf = Unpooled.buffer();
        try {
            TeltonikaPacketEncoder.writeAvlPacket(buf, Codec.CODEC_8, list);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * Reads the next frame the server writes, which must be a Codec 12 command, and returns its text.
     * Fails when none arrives within {@code timeout}.
     */
    public String awaitCommand(Duration timeout) {
        try {
            socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
            try {
                return readCommand();
            } finally {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError(imei + ": no command within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new UncheckedIOException(imei + ": socket failed while awaiting a command", e);
        }
    }

    /** Fails when the server writes a command to this socket during {@code window}. */
    public void expectNoCommandFor(Duration window) {
        try {
            socket.setSoTimeout(Math.toIntExact(Math.max(1, window.toMillis())));
            try {
                String text = readCommand();
                throw new AssertionError(imei + ": received the command '" + text + "' where none was due");
            } finally {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            }
        } catch (SocketTimeoutException e) {
            // Silence for the whole window: what was expected.
        } catch (IOException e) {
            throw new UncheckedIOException(imei + ": socket failed while listening for commands", e);
        }
    }

    private String readCommand() throws IOException {
        int preamble = in.readInt();
        int dataLength = in.readInt();
        if (preamble != 0 || dataLength < TeltonikaPacketParser.MIN_DATA_LENGTH || dataLength > 1 << 16) {
            throw new AssertionError(imei + ": not a frame header from the server: " + preamble + ", " + dataLength);
        }
        byte[] frame = new byte[TeltonikaPacketParser.HEADER_LENGTH + dataLength + TeltonikaPacketParser.CRC_LENGTH];
        in.readFully(frame, TeltonikaPacketParser.HEADER_LENGTH, dataLength + TeltonikaPacketParser.CRC_LENGTH);
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        buf.setInt(4, dataLength);
        DecodeResult decoded = TeltonikaPacketParser.parse(buf);
        if (!(decoded instanceof CommandMessage m) || m.codec() != Codec.CODEC_12
                || m.type() != CommandMessage.TYPE_COMMAND) {
            throw new AssertionError(imei + ": the server wrote " + decoded + ", not a Codec 12 command");
        }
        return m.text();
    }

    /** Sends {@code text} as the Codec 12 response (type 0x06) to the command in flight. */
    public void answer(String text) {
        ByteBuf buf = Unpooled.buffer();
        try {
            TeltonikaPacketEncoder.writeCommand(buf, CommandMessage.TYPE_RESPONSE, text);
            out.write(ByteBufUtil.getBytes(buf));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(imei + ": socket failed while answering a command", e);
        } finally {
            buf.release();
        }
    }

    /**
     * Whether the server closed this socket within the read timeout. The device sends nothing, so
     * any byte read would be a protocol error.
     */
    public boolean closedByServer() {
        try {
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError(imei + ": unexpected byte " + b + " from the server");
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the socket, as a device that loses its connection does. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all the test wants; an error here changes nothing it asserts.
        }
    }
}
