package com.fleetlink.protocol.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The JSON-lines codec of control replies, used by the sidecar that writes them and the commands that
 * read them. Reading ignores unknown fields (a newer sidecar's additions) and leaves fields a line
 * lacks at {@code null}, {@code false} or zero (an older sidecar's omissions). Thread-safe.
 */
public final class ControlReplyCodec {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ControlReplyCodec() {
    }

    /** The reply as one line of UTF-8 JSON, newline included. */
    public static byte[] encode(ControlReply reply) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            ControlReplyWriter.write(json, (Record) reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Reads one reply line (without its newline) as the reply {@code type} expects.
     *
     * @throws IllegalArgumentException if the line is not a JSON object, or a field has the wrong JSON type
     */
    public static <T extends ControlReply> T decode(String line, Class<T> type) {
        try {
            return Reader.MAPPER.readValue(line, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The line as a {@link FailedReply} if it says its request failed ({@code ok} false, with an
     * {@code error}); empty otherwise, and for a line that is not a JSON object.
     */
    public static Optional<FailedReply> failure(String line) {
        Outcome outcome;
        try {
            outcome = Reader.MAPPER.readValue(line, Outcome.class);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        return Boolean.FALSE.equals(outcome.ok()) && outcome.error() != null
                ? Optional.of(new FailedReply(outcome.type(), outcome.error()))
                : Optional.empty();
    }

    /**
     * Databind, for the commands that read replies: held here so that the sidecar, which only writes
     * them, never initialises it.
     */
    private static final class Reader {
        static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The fields every reply that reports an outcome shares. */
    private record Outcome(String type, Boolean ok, String error) {
    }
}
