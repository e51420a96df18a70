package com.fleetlink.ingestion.testkit;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.IoElements;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A fake tracker on a plain blocking socket: does the IMEI handshake, sends packets, reads answers.
 * Every read runs under {@code SO_TIMEOUT}, so a server that never answers fails the test instead of
 * hanging it.
 */
public final class DeviceClient implements AutoCloseable {
    /** How long a read waits for bytes the server owes. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private DeviceClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to a server on the loopback interface. */
    public static DeviceClient connect(int port) throws IOException {
        Socket socket = new Socket();
        // Small writes must leave at once, or "split across writes" would be merged by the client.
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
        return new DeviceClient(socket);
    }

    /** Connects and completes the handshake; fails unless the server accepts {@code imei} with {@code 01}. */
    public static DeviceClient connect(int port, String imei) throws IOException {
        DeviceClient device = connect(port);
        boolean accepted = false;
        try {
            int answer = device.handshake(imei);
            if (answer != 1) {
                throw new AssertionError("handshake of " + imei + " answered " + answer + ", not 1");
            }
            accepted = true;
            return device;
        } finally {
            if (!accepted) {
                device.close();
            }
        }
    }

    /** Sends the IMEI handshake and returns the server's one-byte answer. */
    public int handshake(String imei) throws IOException {
        send(Packets.imei(imei));
        return readByte();
    }

    /** Writes {@code bytes} in one write call. */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes {@code bytes} as separate writes of at most {@code pieceSize} bytes each. */
    public void sendInPieces(byte[] bytes, int pieceSize) throws IOException {
        for (int from = 0; from < bytes.length; from += pieceSize) {
            out.write(bytes, from, Math.min(pieceSize, bytes.length - from));
            out.flush();
        }
    }

    /** Sends one Codec 8 packet of one record taken at {@code timestamp} and returns its ACK. */
    public int sendRecord(long timestamp) throws IOException {
        AvlRecord record = new AvlRecord(timestamp, 0, 254_000_000, 546_000_000, 100, 90, 7, 40, 0,
                AvlRecord.NO_GENERATION_TYPE, IoElements.EMPTY);
        send(Packets.avl(Codec.CODEC_8, List.of(record)));
        return readAck();
    }

    /** Reads one byte; fails when the server closes or stays silent. */
    public int readByte() throws IOException {
        return readExactly(1, READ_TIMEOUT)[0] & 0xFF;
    }

    /** Reads one AVL ACK: a 4-byte big-endian record count. */
    public int readAck() throws IOException {
        return readAck(READ_TIMEOUT);
    }

    /** Reads one AVL ACK, waiting at most {@code timeout} for it. */
    public int readAck(Duration timeout) throws IOException {
        byte[] b = readExactly(4, timeout);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    /** Reads one whole frame the server wrote (a command): preamble, length, data and CRC. */
    public byte[] readFrame() throws IOException {
        byte[] header = readExactly(8, READ_TIMEOUT);
        int dataLength = (header[4] & 0xFF) << 24 | (header[5] & 0xFF) << 16 | (header[6] & 0xFF) << 8 | (header[7] & 0xFF);
        byte[] rest = readExactly(dataLength + 4, READ_TIMEOUT);
        byte[] frame = Arrays.copyOf(header, header.length + rest.length);
        System.arraycopy(rest, 0, frame, header.length, rest.length);
        return frame;
    }

    private byte[] readExactly(int n, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] buf = new byte[n];
        int got = 0;
        try {
            while (got < n) {
                int r = in.read(buf, got, n - got);
                if (r < 0) {
                    throw new AssertionError("server closed the socket after " + got + " of " + n + " expected bytes");
                }
                got += r;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + timeout.toMillis() + " ms (" + got + " of " + n + " bytes read)", e);
        }
        return buf;
    }

    /**
     * Asserts the server sends nothing for {@code quiet} and leaves the socket open. This is the only
     * way to observe an answer that must not come; the read returns early if it does come.
     */
    public void assertSilentFor(Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        int r;
        try {
            r = in.read();
        } catch (SocketTimeoutException expected) {
            return;
        }
        throw new AssertionError(r < 0
                ? "server closed the socket instead of staying silent"
                : String.format("server sent 0x%02x where it should have stayed silent", r));
    }

    /**
     * Waits until the server closes the socket, at most {@code deadline}, and returns whatever it sent
     * before closing (tests assert it is empty when no answer was due).
     */
    public byte[] awaitClosed(Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        while (true) {
            long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) left);
            int r;
            try {
                r = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("socket still open after " + deadline.toMillis() + " ms; received "
                        + Arrays.toString(before.toByteArray()), e);
            } catch (SocketException reset) {
                // A reset is a close too: the server dropped the socket with our bytes unread.
                return before.toByteArray();
            }
            if (r < 0) {
                return before.toByteArray();
            }
            before.write(buf, 0, r);
        }
    }

    /**
     * Whether the server closed this socket within {@link #READ_TIMEOUT}; {@code false} when it stayed
     * open or sent a byte instead.
     */
    public boolean closedByServer() throws IOException {
        return closedWithin(READ_TIMEOUT);
    }

    /**
     * Whether the server closed this socket within {@code wait}; {@code false} when it stayed open
     * that long or sent a byte instead.
     */
    public boolean closedWithin(Duration wait) throws IOException {
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true; // a reset is a close too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
