package com.fleetlink.bench.registry;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small blocking RESP2 client for the benchmarks' own look at Redis (HLEN, HGET, INFO, a keyspace
 * subscription). Deliberately not the sidecar's Lettuce: the observer should not share code, threads
 * or a connection with what it observes. One thread at a time.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    public static RespClient connect(int port) {
        try {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(10_000);
            return new RespClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("connecting to redis on port " + port, e);
        }
    }

    /** Sends one command and reads its reply: a String, Long, List, or {@code null}. */
    public Object call(String... args) {
        send(args);
        flush();
        return read();
    }

    public long number(String... args) {
        Object reply = call(args);
        if (!(reply instanceof Long n)) {
            throw new BenchFailure(String.join(" ", args) + " answered " + reply);
        }
        return n;
    }

    public long hlen(String key) {
        return number("HLEN", key);
    }

    /** All fields and values of a hash, read page by page with HSCAN so Redis never blocks on it. */
    public Map<String, String> hashEntries(String key) {
        Map<String, String> all = new HashMap<>();
        String cursor = "0";
        do {
            List<?> page = (List<?>) call("HSCAN", key, cursor, "COUNT", "5000");
            cursor = (String) page.get(0);
            List<?> pairs = (List<?>) page.get(1);
            for (int i = 0; i < pairs.size(); i += 2) {
                all.put((String) pairs.get(i), (String) pairs.get(i + 1));
            }
        } while (!"0".equals(cursor));
        return all;
    }

    /** One field of {@code INFO section}, e.g. {@code used_memory}; {@code null} when absent. */
    public String info(String section, String field) {
        for (String line : ((String) call("INFO", section)).split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    /** Calls of one command since the last {@code CONFIG RESETSTAT}, from {@code INFO commandstats}. */
    public long commandCalls(String command) {
        return commandStat(command, "calls");
    }

    /** Microseconds Redis spent executing one command since the last {@code CONFIG RESETSTAT}, from {@code INFO commandstats}. */
    public long commandMicros(String command) {
        return commandStat(command, "usec");
    }

    private long commandStat(String command, String field) {
        String stats = info("commandstats", "cmdstat_" + command);
        if (stats == null) {
            return 0;
        }
        for (String part : stats.split(",")) {
            if (part.startsWith(field + "=")) {
                return Long.parseLong(part.substring(field.length() + 1));
            }
        }
        return 0;
    }

    /** Writes a command without flushing (pipelining, or a subscription). */
    public void send(String... args) {
        try {
            encode(out, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Commands as the bytes {@link #send} would write, for {@link #sendEncoded}: a pipeline built
     * before a clock starts, so the clock measures Redis and not this encoder.
     */
    public static byte[] encode(List<String[]> commands) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            for (String[] command : commands) {
                encode(bytes, command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void encode(OutputStream to, String... args) throws IOException {
        to.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            to.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            to.write(bytes);
            to.write('\r');
            to.write('\n');
        }
    }

    /** Writes commands {@link #encode(List)} made, without flushing. */
    public void sendEncoded(byte[] commands) {
        try {
            out.write(commands);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Socket read timeout for {@link #read()}; 0 waits forever. */
    public void readTimeout(int millis) {
        try {
            socket.setSoTimeout(millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one reply. An error reply throws {@link BenchFailure}; a timeout throws {@link UncheckedIOException}. */
    public Object read() {
        try {
            return readValue();
        } catch (SocketTimeoutException e) {
            throw new UncheckedIOException("redis reply timed out", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object readValue() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new IOException("redis closed the connection");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new BenchFailure("redis error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length != length || in.read() != '\r' || in.read() != '\n') {
                    throw new IOException("truncated bulk reply");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(readValue());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte " + type);
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(16);
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("redis closed the connection");
            }
            line.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed RESP line");
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do with a socket that will not close
        }
    }
}
