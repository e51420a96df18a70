package com.fleetlink.registry.core;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * The writer's queue of devices: an insertion-ordered set of registry fields, kept packed
 * ({@link ImeiQueue}) for IMEIs, which is every field the ingestion can name. Any other string (a
 * stray field naming us that a reconcile scan found in Redis) waits in a small
 * {@link LinkedHashSet} and comes after the IMEIs: each field is decided on its own when it is sent,
 * so only the order among IMEIs, oldest event first, matters. Iteration unpacks one IMEI at a time
 * and may remove the one it just gave; nothing may be added while it runs. Confined to the core loop.
 */
final class DeviceQueue implements Iterable<String> {
    private final ImeiQueue imeis = new ImeiQueue();
    private final LinkedHashSet<String> others = new LinkedHashSet<>();

    int size() {
        return imeis.size() + others.size();
    }

    boolean isEmpty() {
        return imeis.isEmpty() && others.isEmpty();
    }

    /** Adds {@code device} at the end of its kind unless it is queued; true when added. */
    boolean add(String device) {
        long key = PackedImei.pack(device);
        return key == PackedImei.NONE ? others.add(device) : imeis.add(key);
    }

    /** Adds the packed IMEI {@code key}, as {@link #add} does. */
    boolean add(long key) {
        return imeis.add(key);
    }

    boolean remove(String device) {
        long key = PackedImei.pack(device);
        return key == PackedImei.NONE ? others.remove(device) : imeis.remove(key);
    }

    boolean contains(String device) {
        long key = PackedImei.pack(device);
        return key == PackedImei.NONE ? others.contains(device) : imeis.contains(key);
    }

    /** Whether the packed IMEI {@code key} is queued. */
    boolean contains(long key) {
        return imeis.contains(key);
    }

    /** The IMEIs in the order they were added, then the other fields in theirs. */
    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int position = imeis.next(-1);
            private int given = -1;
            private Iterator<String> rest;

            @Override
            public boolean hasNext() {
                return position >= 0 || rest().hasNext();
            }

            @Override
            public String next() {
                if (position >= 0) {
                    given = position;
                    position = imeis.next(position + 1);
                    return PackedImei.unpack(imeis.keyAt(given));
                }
                given = -1;
                return rest().next();
            }

            @Override
            public void remove() {
                if (given >= 0) {
                    imeis.removeAt(given);
                    given = -1;
                } else if (rest != null) {
                    rest.remove();
                } else {
                    throw new IllegalStateException("next() was not called");
                }
            }

            private Iterator<String> rest() {
                if (rest == null) {
                    rest = others.iterator();
                }
                return rest;
            }
        };
    }
}
