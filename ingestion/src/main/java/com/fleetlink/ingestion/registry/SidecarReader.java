package com.fleetlink.ingestion.registry;

import com.fleetlink.protocol.io.BoundedLineReader;
import com.fleetlink.protocol.io.BoundedLineReader.Line;
import com.fleetlink.protocol.io.BoundedLineReader.Read;
import com.fleetlink.protocol.io.BoundedLineReader.TooLong;
import com.fleetlink.protocol.local.LineError;
import com.fleetlink.protocol.local.LocalMessage;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.protocol.local.LocalProtocolCodec;
import com.fleetlink.protocol.local.ParsedLine;
import java.io.IOException;
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

    SidecarReader(ReadableByteChannel channel, Handler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    @Override
    public void run() {
        BoundedLineReader lines = BoundedLineReader.of(channel, LocalProtocol.MAX_LINE_BYTES);
        try {
            while (true) {
                Read read = lines.next();
                if (read instanceof Line line) {
                    decode(line);
                } else if (read instanceof TooLong tooLong) {
                    handler.invalid(new ParsedLine.Invalid(LineError.TOO_LONG, "line longer than " + tooLong.limit() + " bytes"));
                } else {
                    handler.ended(null);
                    return;
                }
            }
        } catch (IOException e) {
            handler.ended(e);
        }
    }

    private void decode(Line line) {
        // A blank line carries nothing, not worth a warning; a cut one is the sidecar closing mid-line.
        if (line.length() == 0 || !line.terminated()) {
            return;
        }
        ParsedLine parsed = LocalProtocolCodec.decode(line.bytes(), 0, line.length());
        if (parsed instanceof ParsedLine.Parsed p) {
            handler.message(p.message());
        } else {
            handler.invalid((ParsedLine.Invalid) parsed);
        }
    }
}
