package com.fleetlink.ingestion.simulate;

import com.fleetlink.ingestion.teltonika.Codec;
import java.time.Duration;

/**
 * What one simulation run does, checked once so the fleet can trust it.
 *
 * @param host     server address
 * @param port     server port
 * @param devices  devices connected at once
 * @param rate     packets per second for the whole fleet, 0 for as fast as the server ACKs
 * @param records  AVL records per packet
 * @param codec    the AVL codec every device speaks
 * @param duration how long devices keep sending
 * @param churn    devices per second that disconnect and reconnect, 0 for none
 * @param respond  how long a device takes to answer a command the server sends, {@code null} for never
 */
record SimulationSettings(String host, int port, int devices, int rate, int records, Codec codec,
                          Duration duration, int churn, Duration respond) {

    /** The IMEI scheme numbers devices with six digits. */
    static final int MAX_DEVICES = SimulatedImei.MAX_DEVICES;

    SimulationSettings {
        require(port >= 1 && port <= 65_535, "--port must be between 1 and 65535, not " + port);
        require(devices >= 1 && devices <= MAX_DEVICES,
                "--devices must be between 1 and " + MAX_DEVICES + ", not " + devices);
        require(rate >= 0, "--rate must not be negative, not " + rate);
        require(records >= 1 && records <= 255, "--records must be between 1 and 255, not " + records);
        require(codec.isAvl(), "--codec must be an AVL codec, not " + codec.label());
        require(!duration.isNegative() && !duration.isZero(), "--duration must be positive, not " + duration);
        require(churn >= 0, "--churn must not be negative, not " + churn);
        require(respond == null || !respond.isNegative(), "--respond must not be negative, not " + respond);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
