package com.fleetlink.protocol.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Writes a reply record the way databind serialises it, with the streaming generator alone: the
 * names in {@link JsonPropertyOrder} first (a component or an annotated method such as
 * {@code type()}), then the record's components in declaration order; a {@link JsonUnwrapped}
 * component's own fields in its place (nothing when it is {@code null}); a component marked
 * {@code NON_NULL} left out when {@code null}; lists as arrays, maps as objects, nested records as
 * objects. The daemon that answers control requests then loads none of databind's classes, a few
 * MiB of metaspace for the life of the pod. {@code ControlReplyCodecTest} holds every reply's bytes
 * to databind's own.
 *
 * <p>Only the annotations the replies use are understood; the records' accessors are read through
 * their annotations because Jackson's annotations do not target record components themselves.
 */
final class ControlReplyWriter {
    private ControlReplyWriter() {
    }

    static void write(JsonGenerator json, Record reply) throws IOException {
        json.writeStartObject();
        writeFields(json, reply);
        json.writeEndObject();
    }

    private static void writeFields(JsonGenerator json, Record record) throws IOException {
        Class<?> type = record.getClass();
        JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
        List<String> first = order == null ? List.of() : List.of(order.value());
        for (String name : first) {
            json.writeFieldName(name);
            writeValue(json, get(accessor(type, name), record));
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (first.contains(component.getName())) {
                continue;
            }
            Method accessor = component.getAccessor();
            Object value = get(accessor, record);
            if (accessor.isAnnotationPresent(JsonUnwrapped.class)) {
                if (value != null) {
                    writeFields(json, (Record) value);
                }
                continue;
            }
            JsonInclude include = accessor.getAnnotation(JsonInclude.class);
            if (value == null && include != null && include.value() == JsonInclude.Include.NON_NULL) {
                continue;
            }
            json.writeFieldName(component.getName());
            writeValue(json, value);
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            json.writeNumber(d);
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Record record) {
            write(json, record);
        } else {
            throw new IllegalArgumentException("a control reply cannot hold a " + value.getClass().getName());
        }
    }

    private static Method accessor(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " orders a property it has no method for: " + name, e);
        }
    }

    private static Object get(Method accessor, Record record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("could not read " + accessor.getName() + " of " + record.getClass().getName(), e);
        }
    }
}
