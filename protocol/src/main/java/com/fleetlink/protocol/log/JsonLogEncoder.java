package com.fleetlink.protocol.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line, for {@code --log-format json}: {@code timestamp}, {@code level},
 * {@code logger}, {@code thread}, the formatted {@code message}, then each key-value pair of the
 * event ({@link LogFields}: {@code imei}, {@code remote}, {@code reason}) and each MDC entry as a
 * field of its own, and {@code exception} with the stack trace when there is one.
 *
 * <p>Not logback's {@code JsonEncoder}: it writes the message template ({@code "closing {} …"})
 * and nests key-value pairs in a list, so a log search cannot filter on {@code imei}.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NONE = new byte[0];
    private final JsonFactory json = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    g.writeStringField(pair.key, String.valueOf(pair.value));
                }
            }
            for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
                g.writeStringField(entry.getKey(), entry.getValue());
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
