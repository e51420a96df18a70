package com.fleetlink.registry.eventlog;

import com.fleetlink.protocol.local.LocalMessage.HeldDevice;
import com.fleetlink.registry.core.PackedImei;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an {@link EventLogEntry} as its JSON line straight into a {@link LineBytes}, for the lines
 * whose every string is plain printable ASCII (no quote, backslash or control character: all the
 * words, IMEIs and ids the sidecar logs), which JSON writes between quotes as they are. The bytes are
 * Jackson's for the same entry ({@link EventLogJson}, which writes every other line); building them by
 * hand spares the event-log writer a generator per line, most of its time.
 */
final class PlainLine {
    private static final byte[] TS = ascii("{\"ts\":");
    private static final byte[] KIND = ascii(",\"kind\":\"");
    private static final byte[] TYPE = ascii(",\"type\":\"");
    private static final byte[] IMEI = ascii(",\"imei\":\"");
    private static final byte[] CONN = ascii(",\"conn\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] AT = ascii(",\"at\":");
    private static final byte[] REASON = ascii(",\"reason\":\"");
    private static final byte[] OUTCOME = ascii(",\"outcome\":\"");
    private static final byte[] DETAIL = ascii(",\"detail\":\"");
    private static final byte[] COUNT = ascii(",\"count\":");
    private static final byte[] SNAP = ascii(",\"snap\":\"");
    private static final byte[] INSTANCE = ascii(",\"instance\":\"");
    private static final byte[] DEVICES = ascii(",\"devices\":[");

    private PlainLine() {
    }

    /**
     * Appends {@code e}'s line (without the newline) and answers true, or, for an entry with a string
     * that is not plain, leaves {@code line} as it found it and answers false.
     */
    static boolean write(EventLogEntry e, LineBytes line) {
        int start = line.size();
        line.write(TS, 0, TS.length);
        line.writeDecimal(e.ts());
        boolean plain = string(line, KIND, e.kind())
                && string(line, TYPE, e.type())
                && imei(line, e)
                && number(line, CONN, e.has(EventLogEntry.CONN), e.connValue())
                && number(line, SEQ, e.has(EventLogEntry.SEQ), e.seqValue())
                && number(line, AT, e.has(EventLogEntry.AT), e.atValue())
                && string(line, REASON, e.reasonOrNull())
                && string(line, OUTCOME, e.outcomeOrNull())
                && string(line, DETAIL, e.detailOrNull())
                && number(line, COUNT, e.has(EventLogEntry.COUNT), e.countValue())
                && string(line, SNAP, e.snapOrNull())
                && string(line, INSTANCE, e.instanceOrNull())
                && devices(line, e.devicesOrNull());
        if (!plain) {
            line.truncate(start);
            return false;
        }
        line.write('}');
        return true;
    }

    private static boolean string(LineBytes line, byte[] field, String value) {
        if (value == null) {
            return true;
        }
        line.write(field, 0, field.length);
        if (!line.writePlain(value)) {
            return false;
        }
        line.write('"');
        return true;
    }

    /** An IMEI is written from its packed digits; anything else the entry keeps as text goes through {@link #string}. */
    private static boolean imei(LineBytes line, EventLogEntry e) {
        long packed = e.imeiKey();
        if (packed == PackedImei.NONE) {
            return string(line, IMEI, e.imeiOrNull());
        }
        line.write(IMEI, 0, IMEI.length);
        line.writeImei(packed);
        line.write('"');
        return true;
    }

    /** Always true: a number is always plain; the answer lets it chain with {@link #string}. */
    private static boolean number(LineBytes line, byte[] field, boolean present, long value) {
        if (present) {
            line.write(field, 0, field.length);
            line.writeDecimal(value);
        }
        return true;
    }

    private static boolean devices(LineBytes line, List<HeldDevice> devices) {
        if (devices == null) {
            return true;
        }
        line.write(DEVICES, 0, DEVICES.length);
        for (int i = 0; i < devices.size(); i++) {
            HeldDevice d = devices.get(i);
            if (i > 0) {
                line.write(',');
            }
            line.write('[');
            line.write('"');
            if (!line.writePlain(d.imei())) {
                return false;
            }
            line.write('"');
            line.write(',');
            line.writeDecimal(d.conn());
            line.write(']');
        }
        line.write(']');
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
