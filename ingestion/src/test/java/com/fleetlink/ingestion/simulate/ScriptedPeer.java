package com.fleetlink.ingestion.simulate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/**
 * A deliberately misbehaving server on a free port, for the answers the real server never gives:
 * it answers every handshake with {@code handshakeAnswer} and every AVL packet with its record count
 * plus {@code ackOffset}. Plain blocking sockets, one thread per connection.
 */
final class ScriptedPeer implements AutoCloseable {
    private final ServerSocket listener;
    private final int handshakeAnswer;
    private final int ackOffset;

    ScriptedPeer(int handshakeAnswer, int ackOffset) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.handshakeAnswer = handshakeAnswer;
        this.ackOffset = ackOffset;
        Thread acceptor = new Thread(this::acceptLoop, "scripted-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket socket = listener.accept();
                Thread t = new Thread(() -> serve(socket), "scripted-peer-conn");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // close() was called.
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            in.readFully(new byte[in.readUnsignedShort()]);
            out.writeByte(handshakeAnswer);
            out.flush();
            if (handshakeAnswer != 1) {
                return;
            }
            while (true) {
                in.readInt(); // preamble
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                in.readInt(); // CRC
                out.writeInt((data[1] & 0xFF) + ackOffset); // data[0] is the codec id, data[1] the record count
                out.flush();
            }
        } catch (EOFException | SocketException finished) {
            // The device hung up.
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
