package com.fleetlink.ingestion.simulate;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.IoElements;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The records of one simulated vehicle: it drives from its own starting point, turning and changing
 * speed a little at each record, with an IO element of every fixed width (and, in Codec 8 Extended,
 * a variable-length VIN).
 *
 * <p>Each record moves the vehicle as if a second had passed, but its timestamp is the run's base
 * time plus a per-device sequence number in milliseconds: a fast run sends thousands of records a
 * second per device, and millisecond steps keep every (IMEI, timestamp) pair unique while staying
 * close to the wall clock. A test checks with these pairs that every record arrived exactly once.
 *
 * <p>Not thread-safe: it belongs to one device, which lives on one event loop.
 */
final class RecordFactory {
    // IO ids from Teltonika's FMB AVL id list; all fit Codec 8's one-byte ids except the VIN.
    private static final int IO_GSM_SIGNAL = 21;
    private static final int IO_IGNITION = 239;
    private static final int IO_MOVEMENT = 240;
    private static final int IO_SPEED = 24;
    private static final int IO_EXTERNAL_VOLTAGE = 66;
    private static final int IO_BATTERY_VOLTAGE = 67;
    private static final int IO_TOTAL_ODOMETER = 16;
    private static final int IO_GSM_OPERATOR = 241;
    private static final int IO_ICCID1 = 11;
    private static final int IO_VIN = 256;

    // Codec 16 generation types: "on change" for event records, "periodical" for the rest.
    private static final int GENERATION_ON_CHANGE = 5;
    private static final int GENERATION_PERIODICAL = 7;

    private static final double METRES_PER_DEGREE = 111_320.0;

    private final Codec codec;
    private final long baseTime;
    private final SplittableRandom random;
    private final byte[] vin;
    private final long iccid;
    private long sequence;
    private double latitude;
    private double longitude;
    private double heading;
    private double speedKmh;
    private long odometerMetres;

    /**
     * @param codec    the codec the records must fit
     * @param device   the device number; it seeds the route, so a run is repeatable
     * @param baseTime milliseconds since the epoch of the first record
     */
    RecordFactory(Codec codec, int device, long baseTime) {
        this.codec = codec;
        this.baseTime = baseTime;
        this.random = new SplittableRandom(device);
        // Somewhere in a 1° × 1° box around Vilnius.
        this.latitude = 54.2 + random.nextDouble();
        this.longitude = 24.8 + random.nextDouble();
        this.heading = random.nextDouble(360);
        this.speedKmh = 30 + random.nextDouble(60);
        this.vin = String.format("SIMVIN%011d", device).getBytes(StandardCharsets.US_ASCII);
        this.iccid = 8_937_000_000_000_000_000L + device;
    }

    /** The next {@code count} records, oldest first. */
    List<AvlRecord> next(int count) {
        List<AvlRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(nextRecord());
        }
        return records;
    }

    private AvlRecord nextRecord() {
        drive();
        long seq = sequence++;
        // Every tenth record is an event raised by the movement sensor, the rest are periodic.
        boolean event = seq % 10 == 9;
        int eventId = event ? IO_MOVEMENT : 0;
        int generationType = codec == Codec.CODEC_16
                ? (event ? GENERATION_ON_CHANGE : GENERATION_PERIODICAL)
                : AvlRecord.NO_GENERATION_TYPE;
        int speed = (int) Math.round(speedKmh);
        return new AvlRecord(baseTime + seq, 0,
                (int) Math.round(longitude * 1e7), (int) Math.round(latitude * 1e7),
                120 + random.nextInt(40), (int) heading % 360, 8 + random.nextInt(5), speed,
                eventId, generationType, io(speed));
    }

    private void drive() {
        double metres = speedKmh / 3.6;
        double radians = Math.toRadians(heading);
        latitude += metres * Math.cos(radians) / METRES_PER_DEGREE;
        longitude += metres * Math.sin(radians) / (METRES_PER_DEGREE * Math.cos(Math.toRadians(latitude)));
        odometerMetres += Math.round(metres);
        heading = (heading + random.nextDouble(-5, 5) + 360) % 360;
        speedKmh = Math.min(110, Math.max(10, speedKmh + random.nextDouble(-3, 3)));
    }

    private IoElements io(int speed) {
        IoElements.Builder io = IoElements.builder(9)
                .add(IO_IGNITION, 1, 1)
                .add(IO_MOVEMENT, 1, speed > 0 ? 1 : 0)
                .add(IO_GSM_SIGNAL, 1, 3 + random.nextInt(3))
                .add(IO_SPEED, 2, speed)
                .add(IO_EXTERNAL_VOLTAGE, 2, 12_400 + random.nextInt(1_600))
                .add(IO_BATTERY_VOLTAGE, 2, 4_000 + random.nextInt(150))
                .add(IO_TOTAL_ODOMETER, 4, odometerMetres)
                .add(IO_GSM_OPERATOR, 4, 24_602)
                .add(IO_ICCID1, 8, iccid);
        if (codec == Codec.CODEC_8_EXTENDED) {
            io.addVariable(IO_VIN, vin);
        }
        return io.build();
    }
}
