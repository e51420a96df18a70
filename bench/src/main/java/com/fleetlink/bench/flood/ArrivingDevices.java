package com.fleetlink.bench.flood;

import com.fleetlink.bench.SampleFrames;
import com.fleetlink.ingestion.teltonika.Codec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Real devices arriving one every interval, each on its own blocking socket as a tracker does: connect,
 * send the IMEI, wait for {@code 01}, send one AVL packet of one record, wait for its ACK, hang up.
 * Each gets one try with {@link #ANSWER_TIMEOUT} per answer: a device that is refused or answered too
 * late counts as locked out, though a real one would retry.
 */
final class ArrivingDevices {
    /** A tracker's wait for an answer before it gives up on the connection. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] PACKET = SampleFrames.frame(Codec.CODEC_8, 1);

    /** How one device's try ended. */
    enum Outcome {
        /** {@code 01}, then the ACK counting its one record. */
        ACKED,
        /** The server closed the socket before the {@code 01}: refused or evicted. */
        CLOSED,
        /** An answer did not come within {@link #ANSWER_TIMEOUT}. */
        TIMED_OUT,
        /** The connect failed, or an answer was not the one due. */
        FAILED
    }

    /** One device's try: its outcome and, when it got the {@code 01}, the time from connect to it. */
    record Attempt(Outcome outcome, long handshakeNanos) {
    }

    private final InetSocketAddress server;

    ArrivingDevices(String host, int port) {
        server = new InetSocketAddress(host, port);
    }

    /**
     * Starts {@code count} devices (IMEIs from {@code firstImei}), one every {@code interval}, and
     * returns every try once the last has ended.
     */
    List<Attempt> arrive(int count, Duration interval, long firstImei) throws Exception {
        ExecutorService devices = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "arriving-device");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Attempt>> tries = new ArrayList<>(count);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long due = start + i * interval.toNanos();
                TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                String imei = Long.toString(firstImei + i);
                tries.add(devices.submit(() -> attempt(imei)));
            }
            List<Attempt> attempts = new ArrayList<>(count);
            for (Future<Attempt> t : tries) {
                attempts.add(t.get());
            }
            return attempts;
        } finally {
            devices.shutdownNow();
        }
    }

    private Attempt attempt(String imei) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(server, (int) ANSWER_TIMEOUT.toMillis());
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(new byte[] {0x00, 0x0F}); // IMEI length
            out.write(imei.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int answer = in.read();
            long handshake = System.nanoTime() - start;
            if (answer < 0) {
                return new Attempt(Outcome.CLOSED, -1);
            }
            if (answer != 1) {
                return new Attempt(Outcome.FAILED, -1);
            }
            out.write(PACKET);
            out.flush();
            return new Attempt(in.readInt() == 1 ? Outcome.ACKED : Outcome.FAILED, handshake);
        } catch (SocketTimeoutException e) {
            return new Attempt(Outcome.TIMED_OUT, -1);
        } catch (EOFException e) {
            return new Attempt(Outcome.CLOSED, -1);
        } catch (IOException e) {
            // A reset before the 01 is the server closing too; anything else is a failed connect.
            return new Attempt(e.getMessage() != null && e.getMessage().contains("reset") ? Outcome.CLOSED : Outcome.FAILED, -1);
        }
    }
}
