package com.fleetlink.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The writer's packed queue answers exactly as the {@code LinkedHashSet<String>} it replaced: random
 * adds, removes and the writer's walk (take some from the front, skip others) on both, compared
 * after each step, order included. The queue fills, leaves holes, closes them, grows and empties many
 * times; a few non-IMEI fields ride along, which keep their own order after the IMEIs.
 */
class DeviceQueueTest {
    private static final int IMEIS = 500;

    private static String device(SplittableRandom random) {
        int n = random.nextInt(IMEIS);
        if (n % 97 == 0) {
            return "stray-" + n;
        }
        // Consecutive numbers with leading zeros, and some far apart: both must hash, collide and unpack right.
        return n % 7 == 0 ? String.format("35%013d", n * 7_919L) : String.format("%015d", n);
    }

    private static boolean isImei(String device) {
        return PackedImei.pack(device) != PackedImei.NONE;
    }

    /** The reference's order as the queue gives it: IMEIs first, then the rest, each in insertion order. */
    private static List<String> expectedOrder(LinkedHashSet<String> reference) {
        List<String> order = new ArrayList<>();
        reference.stream().filter(DeviceQueueTest::isImei).forEach(order::add);
        reference.stream().filter(d -> !isImei(d)).forEach(order::add);
        return order;
    }

    @Test
    void randomOperations_answerAsTheLinkedHashSetDid() {
        SplittableRandom random = new SplittableRandom(20261207);
        DeviceQueue queue = new DeviceQueue();
        LinkedHashSet<String> reference = new LinkedHashSet<>();
        for (int step = 0; step < 100_000; step++) {
            String device = device(random);
            int op = random.nextInt(100);
            // Phases that mostly add, then mostly take, so the queue fills, grows and empties again.
            boolean filling = (step / 4_000) % 2 == 0;
            if (op < (filling ? 60 : 20)) {
                assertThat(queue.add(device)).as("step %d add(%s)", step, device).isEqualTo(reference.add(device));
            } else if (op < 75) {
                assertThat(queue.remove(device)).as("step %d remove(%s)", step, device).isEqualTo(reference.remove(device));
            } else if (op < 97) {
                walk(queue, reference, random.nextInt(40), random.nextLong());
            } else {
                assertThat(queue).as("step %d", step).containsExactlyElementsOf(expectedOrder(reference));
            }
            String probe = device(random);
            assertThat(queue.contains(probe)).as("step %d contains(%s)", step, probe).isEqualTo(reference.contains(probe));
            assertThat(queue.size()).as("step %d size", step).isEqualTo(reference.size());
            assertThat(queue.isEmpty()).isEqualTo(reference.isEmpty());
        }
        assertThat(queue).containsExactlyElementsOf(expectedOrder(reference));
    }

    /**
     * What the writer's send does: walks from the front, skips the devices already in flight (here a
     * random choice made the same for both), removes up to {@code take} of the others.
     */
    private static void walk(DeviceQueue queue, LinkedHashSet<String> reference, int take, long seed) {
        List<String> taken = new ArrayList<>();
        SplittableRandom skips = new SplittableRandom(seed);
        Iterator<String> it = queue.iterator();
        while (it.hasNext() && taken.size() < take) {
            String device = it.next();
            if (skips.nextInt(4) == 0) {
                continue;
            }
            it.remove();
            taken.add(device);
        }
        List<String> expected = new ArrayList<>();
        SplittableRandom same = new SplittableRandom(seed);
        Iterator<String> ref = expectedOrder(reference).iterator();
        while (ref.hasNext() && expected.size() < take) {
            String device = ref.next();
            if (same.nextInt(4) == 0) {
                continue;
            }
            reference.remove(device);
            expected.add(device);
        }
        assertThat(taken).isEqualTo(expected);
    }

    @Test
    void packedKeys_andStrings_nameTheSameDevice() {
        DeviceQueue queue = new DeviceQueue();
        queue.add(PackedImei.pack("000000000000042"));
        assertThat(queue.add("000000000000042")).isFalse();
        assertThat(queue.contains(42L)).isTrue();
        assertThat(queue).containsExactly("000000000000042");
    }
}
