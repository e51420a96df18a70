package com.fleetlink.bench;

import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The device side of {@link IdleConnectionMemory}, run as its own process so that its sockets do not
 * count against the server's heap: opens N sockets, completes the IMEI handshake on each, prints
 * {@code ready N} and then holds them, silent, until its standard input closes.
 *
 * <p>Usage: {@code IdleClientFleet <host> <port> <connections>}.
 */
public final class IdleClientFleet {
    /** Sockets opened before their answers are read; well under the server's accept backlog. */
    private static final int BATCH = 256;
    private static final byte ACCEPTED = 1;

    private IdleClientFleet() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: IdleClientFleet <host> <port> <connections>");
            System.exit(2);
        }
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int connections = Integer.parseInt(args[2]);
        List<SocketChannel> sockets;
        try {
            sockets = handshakeAll(server, connections);
        } catch (IOException e) {
            System.err.println("client fleet failed: " + e);
            System.exit(1);
            return;
        }
        System.out.println("ready " + sockets.size());
        System.out.flush();
        awaitEndOfInput(System.in);
        for (SocketChannel socket : sockets) {
            socket.close();
        }
    }

    private static List<SocketChannel> handshakeAll(InetSocketAddress server, int connections) throws IOException {
        List<SocketChannel> sockets = new ArrayList<>(connections);
        ByteBuffer answer = ByteBuffer.allocate(1);
        for (int from = 0; from < connections; from += BATCH) {
            int to = Math.min(connections, from + BATCH);
            for (int i = from; i < to; i++) {
                SocketChannel socket = SocketChannel.open(server);
                writeFully(socket, ByteBuffer.wrap(handshake(imei(i))));
                sockets.add(socket);
            }
            for (int i = from; i < to; i++) {
                answer.clear();
                while (answer.hasRemaining()) {
                    if (sockets.get(i).read(answer) < 0) {
                        throw new IOException("server closed connection " + i + " during the handshake");
                    }
                }
                if (answer.get(0) != ACCEPTED) {
                    throw new IOException("server refused IMEI " + imei(i) + " with " + answer.get(0));
                }
            }
        }
        return sockets;
    }

    /** Distinct per socket: a repeated IMEI would supersede, and close, the earlier socket. */
    static String imei(int i) {
        return String.format("35%013d", i);
    }

    private static byte[] handshake(String imei) {
        ByteBuf buf = Unpooled.buffer(17);
        TeltonikaPacketEncoder.writeImei(buf, imei);
        return ByteBufUtil.getBytes(buf);
    }

    private static void writeFully(SocketChannel socket, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            socket.write(bytes);
        }
    }

    private static void awaitEndOfInput(InputStream in) throws IOException {
        byte[] discard = new byte[64];
        while (in.read(discard) >= 0) {
            // The parent says nothing; its closing the pipe (or dying) is the signal to exit.
        }
    }
}
