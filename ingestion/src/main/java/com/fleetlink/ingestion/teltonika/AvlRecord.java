package com.fleetlink.ingestion.teltonika;

/**
 * One AVL record as the device sent it. Coordinates stay in the wire's fixed-point form
 * (degrees × 10⁷, signed) so that nothing is lost; {@link #longitudeDegrees()} and
 * {@link #latitudeDegrees()} convert.
 *
 * @param timestamp      milliseconds since the Unix epoch, UTC
 * @param priority       0 low, 1 high, 2 panic
 * @param longitude      degrees × 10⁷, negative west
 * @param latitude       degrees × 10⁷, negative south
 * @param altitude       metres above sea level
 * @param angle          heading in degrees from north
 * @param satellites     satellites in use
 * @param speed          km/h; 0 also when the fix is invalid
 * @param eventId        the IO id that triggered the record, 0 for periodic records
 * @param generationType Codec 16's generation type, {@link #NO_GENERATION_TYPE} for other codecs
 * @param io             the IO elements
 */
public record AvlRecord(long timestamp, int priority, int longitude, int latitude, int altitude,
                        int angle, int satellites, int speed, int eventId, int generationType,
                        IoElements io) {

    /** The value of {@link #generationType()} for codecs that do not carry one. */
    public static final int NO_GENERATION_TYPE = -1;

    /** Longitude in decimal degrees. */
    public double longitudeDegrees() {
        return longitude / 1e7;
    }

    /** Latitude in decimal degrees. */
    public double latitudeDegrees() {
        return latitude / 1e7;
    }

    /** Whether the codec carried a generation type (Codec 16 only). */
    public boolean hasGenerationType() {
        return generationType != NO_GENERATION_TYPE;
    }
}
