package com.fleetlink.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A Redis server a test started through {@link RedisServers}: a local {@link RedisServerProcess} or a
 * {@link RedisContainer}. The faults ({@link #pause()}, {@link #kill()}, {@link #restartEmpty()}...)
 * are signals on a local process; on a container they skip the test (a JUnit assumption) saying why.
 */
public interface RedisServer extends AutoCloseable {
    /** The host it listens on, as clients reach it. */
    String host();

    /** The port it listens on; the same across restarts. */
    int port();

    /** A Lettuce URI for it. */
    default String uri() {
        return "redis://" + host() + ":" + port();
    }

    /** The {@code rediss://} URI of its TLS port; only for a server started with TLS. */
    String tlsUri();

    /** Sends a raw inline command and returns the first reply line, or null when nothing answers. */
    default String command(String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host(), port()), 200);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** SIGSTOP: the process keeps its sockets open but answers nothing. */
    void pause();

    /** SIGCONT after {@link #pause()}: queued commands run now. */
    void resume();

    /** SIGKILL, waiting until it is gone: nothing is saved, and clients see their connections reset. */
    void kill();

    /** Starts an empty server on the same port after {@link #kill()}; returns once it answers PING. */
    void startAgain();

    /** {@link #kill()} and {@link #startAgain()}. */
    default void restartEmpty() {
        kill();
        startAgain();
    }

    @Override
    void close();
}
