package com.fleetlink.registry.store;

/**
 * Why a store operation failed, as a type, because what the core may do next depends on it: work
 * that was {@link Unsent} can be sent again at once, work whose outcome is {@link Unknown} may still
 * run later and is resent only once Redis has answered something queued after it, and a
 * {@link Refused} operation ran and failed.
 */
public abstract sealed class StoreFailure extends RuntimeException {

    private StoreFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** The operation never reached Redis (not connected, or the client refused it). */
    public static final class Unsent extends StoreFailure {
        public Unsent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The operation may or may not have run: it timed out, or the connection broke while it was in flight. */
    public static final class Unknown extends StoreFailure {
        public Unknown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Redis answered with an error. */
    public static final class Refused extends StoreFailure {
        public Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + ": " + getMessage();
    }
}
