package com.fleetlink.ingestion.teltonika;

/**
 * A per-thread array that the parser copies a direct buffer's frame into, so that decoding a
 * frame does not first allocate a frame-sized array (measured: a fresh array per frame decoded a
 * 20-record frame about a tenth slower). Nothing decoded refers to it: records and command
 * payloads get arrays of their own.
 */
final class FrameScratch {
    /** The largest array a thread keeps; the server's default frame limit. Longer frames get a fresh array. */
    static final int MAX_KEPT = 64 * 1024;
    private static final int INITIAL = 4 * 1024;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[INITIAL]);

    private FrameScratch() {
    }

    /**
     * An array of at least {@code length} bytes, valid until this thread's next call. {@code length}
     * must be the size of bytes that already exist, never a count read from the device.
     */
    static byte[] bytes(int length) {
        byte[] scratch = SCRATCH.get();
        if (length <= scratch.length) {
            return scratch;
        }
        if (length > MAX_KEPT) {
            return new byte[length];
        }
        byte[] larger = new byte[Math.max(length, Math.min(2 * scratch.length, MAX_KEPT))];
        SCRATCH.set(larger);
        return larger;
    }
}
