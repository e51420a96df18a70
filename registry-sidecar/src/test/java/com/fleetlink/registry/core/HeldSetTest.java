package com.fleetlink.registry.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fleetlink.registry.command.HeldSockets;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packed held set answers exactly as the {@code HashMap<String, Entry>} it replaced: random
 * operations on both, compared after each one. A few hundred IMEIs close together make the open
 * addressing collide and shift back on removal, and the set grows and shrinks many times.
 */
class HeldSetTest {
    private static final int IMEIS = 600;

    /** The held set as it was before it was packed: the reference every answer is compared with. */
    private static final class HashMapHeldSet {
        final Map<String, HeldSet.Entry> entries = new HashMap<>();

        boolean remove(String imei, long conn) {
            HeldSet.Entry entry = entries.get(imei);
            if (entry == null || entry.conn() != conn) {
                return false;
            }
            entries.remove(imei);
            return true;
        }

        void written(String imei, long conn) {
            HeldSet.Entry entry = entries.get(imei);
            if (entry != null && entry.conn() == conn && entry.fresh()) {
                entries.put(imei, new HeldSet.Entry(conn, entry.atNanos(), false, entry.since()));
            }
        }

        /** {@code SidecarCore.applySnapshot} as it was; returns the IMEIs it marked dirty. */
        List<String> applySnapshot(Map<String, HeldSet.Entry> incoming) {
            List<String> dirty = new ArrayList<>();
            for (String imei : List.copyOf(entries.keySet())) {
                if (!incoming.containsKey(imei)) {
                    entries.remove(imei);
                    dirty.add(imei);
                }
            }
            incoming.forEach((imei, entry) -> {
                HeldSet.Entry current = entries.get(imei);
                if (current == null || current.conn() != entry.conn()) {
                    entries.put(imei, entry);
                    dirty.add(imei);
                }
            });
            return dirty;
        }
    }

    private static String imei(SplittableRandom random) {
        // Consecutive numbers with leading zeros, and a few far apart: both kinds must hash and unpack right.
        int n = random.nextInt(IMEIS);
        return n % 7 == 0 ? String.format("35%013d", n * 7_919L) : String.format("%015d", n);
    }

    private static HeldSet.Entry entry(SplittableRandom random) {
        return new HeldSet.Entry(random.nextInt(4), random.nextLong(), random.nextBoolean(), random.nextLong(1L << 41));
    }

    @Test
    void randomOperations_answerAsTheHashMapDid() {
        SplittableRandom random = new SplittableRandom(20261207);
        HeldSet packed = new HeldSet();
        HashMapHeldSet reference = new HashMapHeldSet();
        for (int step = 0; step < 200_000; step++) {
            String imei = imei(random);
            long conn = random.nextInt(4);
            int op = random.nextInt(100);
            // Phases that mostly add, then mostly remove, so the table fills, grows and empties again.
            boolean filling = (step / 5_000) % 2 == 0;
            if (op < (filling ? 50 : 15)) {
                HeldSet.Entry e = entry(random);
                packed.put(imei, e);
                reference.entries.put(imei, e);
            } else if (op < 70) {
                assertThat(packed.remove(imei, conn)).as("step %d remove(%s, %d)", step, imei, conn)
                        .isEqualTo(reference.remove(imei, conn));
            } else if (op < 85) {
                packed.remove(imei);
                reference.entries.remove(imei);
            } else if (op < 95) {
                packed.written(imei, conn);
                reference.written(imei, conn);
            } else if (op < 99 || step % 50_000 != 0) {
                assertThat(packed.imeis()).as("step %d", step).containsExactlyInAnyOrderElementsOf(reference.entries.keySet());
            } else {
                assertThat(packed.clear()).containsExactlyInAnyOrderElementsOf(reference.entries.keySet());
                reference.entries.clear();
            }
            String probe = imei(random);
            HeldSet.Entry expected = reference.entries.get(probe);
            assertThat(packed.get(probe)).as("step %d get(%s)", step, probe).isEqualTo(expected);
            assertThat(packed.connOf(probe)).isEqualTo(expected == null ? HeldSockets.NOT_HELD : expected.conn());
            assertThat(packed.contains(probe)).isEqualTo(expected != null);
            assertThat(packed.size()).as("step %d size", step).isEqualTo(reference.entries.size());
        }
        for (String imei : reference.entries.keySet()) {
            assertThat(packed.get(imei)).as(imei).isEqualTo(reference.entries.get(imei));
        }
    }

    @Test
    void replacingWithASnapshot_leavesTheSameSetAndMarksTheSameImeis() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            HeldSet packed = new HeldSet();
            HashMapHeldSet reference = new HashMapHeldSet();
            for (int i = random.nextInt(IMEIS); i > 0; i--) {
                String imei = imei(random);
                HeldSet.Entry e = entry(random);
                packed.put(imei, e);
                reference.entries.put(imei, e);
            }
            ImeiTable snapshot = new ImeiTable();
            Map<String, HeldSet.Entry> incoming = new HashMap<>();
            for (int i = random.nextInt(IMEIS); i > 0; i--) {
                String imei = imei(random);
                HeldSet.Entry e = entry(random);
                e.putInto(snapshot, PackedImei.pack(imei));
                incoming.put(imei, e);
            }
            List<String> marked = new ArrayList<>();
            List<String> wrongAtCallback = new ArrayList<>();
            packed.replaceWith(snapshot, imei -> {
                marked.add(imei);
                // The writer asks the set about the IMEI it is told of: the set must already be in its new state.
                if (packed.contains(imei) != incoming.containsKey(imei)) {
                    wrongAtCallback.add(imei);
                }
            });
            List<String> expected = reference.applySnapshot(incoming);

            assertThat(marked).as("round %d: IMEIs marked dirty", round).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(new HashSet<>(marked)).as("each once").hasSameSizeAs(marked);
            assertThat(wrongAtCallback).as("round %d: told before the set changed", round).isEmpty();
            assertThat(packed.size()).isEqualTo(reference.entries.size());
            reference.entries.forEach((imei, e) -> assertThat(packed.get(imei)).as(imei).isEqualTo(e));
        }
    }

    @Test
    void aNonImei_isNeverHeld_andCannotBePut() {
        HeldSet held = new HeldSet();
        held.put("000000000000000", new HeldSet.Entry(1, 2, true, 3));
        assertThat(held.connOf("0")).isEqualTo(HeldSockets.NOT_HELD);
        assertThat(held.get("not an imei")).isNull();
        assertThat(held.contains("0000000000000000")).isFalse();
        assertThatThrownBy(() -> held.put("12345", new HeldSet.Entry(1, 2, true, 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(held.imeis()).containsExactly("000000000000000");
    }

    @Test
    void iteratingWhileTheSetChanges_failsFast_likeTheHashMap() {
        HeldSet held = new HeldSet();
        held.put("350000000000001", new HeldSet.Entry(1, 0, false, 0));
        held.put("350000000000002", new HeldSet.Entry(1, 0, false, 0));
        Iterator<String> it = held.imeis().iterator();
        it.next();
        held.remove("350000000000001");
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
    }
}
