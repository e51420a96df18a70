package com.fleetlink.ingestion.registry;

import com.fleetlink.protocol.local.LineError;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.local.ParsedLine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads the sidecar's lines from one connection until it ends, on a thread of its own, and hands
 * each decoded message or refused line to a {@link Handler}.
 */
final class SidecarReader implements Runnable {

    /** What the reader reports; called on the reader thread. */
    interface Handler {
        void message(LocalMessage message);

        void invalid(ParsedLine.Invalid invalid);

        /** The connection ended: {@code cause} is {@code null} when the sidecar closed it. */
        void ended(IOException cause);
    }

    private final ReadableByteChannel channel;
    private final Handler handler;
    private final LineSplitter splitter = new LineSplitter(LocalProtocol.MAX_LINE_BYTES);

    SidecarReader(ReadableByteChannel channel, Handler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    @Override
    public void run() {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        LineSplitter.Lines lines = new LineSplitter.Lines() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                if (length == 0) {
                    return; // a blank line carries nothing; not worth a warning
                }
                ParsedLine parsed = LocalProtocolCodec.decode(bytes, offset, length);
                if (parsed instanceof ParsedLine.Parsed p) {
                    handler.message(p.message());
                } else {
                    handler.invalid((ParsedLine.Invalid) parsed);
                }
            }

            @Override
            public void tooLong(long length) {
                handler.invalid(new ParsedLine.Invalid(LineError.TOO_LONG,
                        "line of " + length + " bytes exceeds " + LocalProtocol.MAX_LINE_BYTES));
            }
        };
        try {
            while (true) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    handler.ended(null);
                    return;
                }
                splitter.feed(buf.array(), 0, n, lines);
            }
        } catch (IOException e) {
            handler.ended(e);
        }
    }
}
