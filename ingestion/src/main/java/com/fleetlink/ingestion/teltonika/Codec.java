package com.fleetlink.ingestion.teltonika;

/**
 * The codec ids this server understands, with the field widths that differ between them.
 *
 * <p>Codec 8 uses one byte for IO ids and counts; 8 Extended uses two and adds the variable-length
 * NX group; 16 uses two-byte IO ids, one-byte counts and a generation type per record. Codecs 12,
 * 13 and 14 carry commands and messages, not records, and are never answered with an AVL ACK.
 */
public enum Codec {
    /** Codec 8: one-byte IO ids and counts. */
    CODEC_8(0x08, 1, 1, false, false),
    /** Codec 8 Extended: two-byte IO ids and counts, plus the NX group of variable-length values. */
    CODEC_8_EXTENDED(0x8E, 2, 2, true, false),
    /** Codec 16: two-byte IO ids, one-byte counts, a generation type after the event id. */
    CODEC_16(0x10, 2, 1, false, true),
    /** Codec 12: GPRS commands (type 0x05) and responses (type 0x06). */
    CODEC_12(0x0C, 0, 0, false, false),
    /** Codec 13: a message from the device with a 4-byte timestamp before its text; never a reply to a command. */
    CODEC_13(0x0D, 0, 0, false, false),
    /** Codec 14: Codec 12 with the addressed IMEI in the message; a device whose IMEI differs answers nACK (0x11). */
    CODEC_14(0x0E, 0, 0, false, false);

    private final int id;
    private final String label;
    private final int idWidth;
    private final int countWidth;
    private final boolean variableGroup;
    private final boolean generationType;

    Codec(int id, int idWidth, int countWidth, boolean variableGroup, boolean generationType) {
        this.id = id;
        this.label = String.format("%02X", id);
        this.idWidth = idWidth;
        this.countWidth = countWidth;
        this.variableGroup = variableGroup;
        this.generationType = generationType;
    }

    /** The codec for a codec-id byte, or {@code null} when this server does not speak it. */
    public static Codec of(int id) {
        return switch (id) {
            case 0x08 -> CODEC_8;
            case 0x8E -> CODEC_8_EXTENDED;
            case 0x10 -> CODEC_16;
            case 0x0C -> CODEC_12;
            case 0x0D -> CODEC_13;
            case 0x0E -> CODEC_14;
            default -> null;
        };
    }

    /** The codec id byte. */
    public int id() {
        return id;
    }

    /** Two uppercase hex digits: {@code 08}, {@code 8E}, {@code 10}, {@code 0C}, {@code 0D}, {@code 0E}. */
    public String label() {
        return label;
    }

    /** Width in bytes of an IO id and of the record's event IO id. */
    int idWidth() {
        return idWidth;
    }

    /** Width in bytes of the IO group counts. */
    int countWidth() {
        return countWidth;
    }

    boolean hasVariableGroup() {
        return variableGroup;
    }

    boolean hasGenerationType() {
        return generationType;
    }

    /** Whether frames of this codec carry AVL records and are answered with a record count. */
    public boolean isAvl() {
        return messageHeaderLength() < 0;
    }

    /**
     * Bytes a message of this codec carries between its size field and its payload: none for Codec
     * 12, the timestamp for 13, the IMEI for 14; {@code -1} for the AVL codecs, which carry no messages.
     */
    public int messageHeaderLength() {
        return switch (this) {
            case CODEC_12 -> 0;
            case CODEC_13 -> 4;
            case CODEC_14 -> 8;
            default -> -1;
        };
    }
}
