package com.fleetlink.registry.store;

import java.util.List;

/**
 * What a janitor's delete of a dead instance's fields did.
 *
 * @param ownerAlive the instance's heartbeat key exists again: nothing was deleted
 * @param deleted    the devices whose field still named the instance and is gone now
 */
public record DeadDeletion(boolean ownerAlive, List<String> deleted) {
    public DeadDeletion {
        deleted = List.copyOf(deleted);
    }
}
