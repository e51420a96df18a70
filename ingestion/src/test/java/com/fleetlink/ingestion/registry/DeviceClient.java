package com.fleetlink.ingestion.registry;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.IoElements;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A device over real TCP: does the IMEI handshake, sends AVL packets, reads ACKs. */
final class DeviceClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private DeviceClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and completes the handshake; fails unless the server answers {@code 01}. */
    static DeviceClient connect(int port, String imei) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        DeviceClient device = new DeviceClient(socket);
        byte[] ascii = imei.getBytes(StandardCharsets.US_ASCII);
        device.out.write(new byte[] {0x00, 0x0F}); // IMEI length
        device.out.write(ascii);
        device.out.flush();
        int answer = device.in.read();
        if (answer != 1) {
            socket.close();
            throw new AssertionError("handshake of " + imei + " answered " + answer + ", not 1");
        }
        return device;
    }

    /** Sends one Codec 8 packet of one record and returns the ACK (the accepted record count). */
    int sendRecord(long timestamp) throws IOException {
        AvlRecord record = new AvlRecord(timestamp, 0, 254_000_000, 546_000_000, 100, 90, 7, 40, 0,
                AvlRecord.NO_GENERATION_TYPE, IoElements.EMPTY);
        ByteBuf buf = Unpooled.buffer();
        try {
            TeltonikaPacketEncoder.writeAvlPacket(buf, Codec.CODEC_8, List.of(record));
            out.write(ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
        out.flush();
        return in.readInt();
    }

    /** Whether the server closed this socket within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
