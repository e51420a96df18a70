package com.fleetlink.ingestion.teltonika;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import com.fleetlink.ingestion.teltonika.DecodeResult.CommandMessage;
import com.fleetlink.ingestion.teltonika.DecodeResult.Rejected;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per quirk of the Teltonika TCP protocol, on frames written out byte by byte. Only the
 * data part (codec id to second count) is spelled out; {@link #frame} adds the preamble, the length
 * and the CRC, so each test shows exactly the bytes its quirk is about.
 */
class TeltonikaPacketParserTest {
    /** Timestamp 1560161086000 and priority 1. */
    private static final String TS_PRIO = "0000016B40D8EA30 01";
    /** Longitude, latitude, altitude, angle, satellites, speed: all zero. */
    private static final String NO_GPS = "00000000 00000000 0000 0000 00 0000";
    /** Codec 8 event id 1 and one IO element, id 1 = 1, in the 1-byte group. */
    private static final String CODEC8_ONE_IO = "01 01 01 0101 00 00 00";
    private static final String CODEC8_RECORD = TS_PRIO + NO_GPS + CODEC8_ONE_IO;

    @Test
    void decode_whenCoordinatesAreNegative_thenSignedFixedPointDegrees() {
        AvlRecord r = onlyRecord(frame("08 01" + TS_PRIO
                + "D5E3B744 EC11C762" // longitude -70.6496700, latitude -33.4379166: two's complement
                + "FFFA 011A 06 0000" // altitude -6 m is signed too
                + "00 00 00 00 00 00" + "01"));

        assertThat(r.longitude()).isEqualTo(-706_496_700);
        assertThat(r.latitude()).isEqualTo(-334_379_166);
        assertThat(r.longitudeDegrees()).isEqualTo(-70.64967);
        assertThat(r.altitude()).isEqualTo(-6);
        assertThat(r.angle()).isEqualTo(282);
    }

    @Test
    void decode_whenUnsignedFieldsHaveTheirTopBitSet_thenReadAsUnsigned() {
        AvlRecord r = onlyRecord(frame("08 01" + "0000016B40D8EA30 82" // priority 0x82
                + "00000000 00000000 0000 FFFF F8 8000" // angle 65535, 248 satellites, speed 32768
                + "00 03" + "01 01FF" + "01 02FFFF" + "01 03FFFFFFFF" + "00" + "01"));

        assertThat(r.priority()).isEqualTo(0x82);
        assertThat(r.angle()).isEqualTo(65535);
        assertThat(r.satellites()).isEqualTo(248);
        assertThat(r.speed()).isEqualTo(32768);
        assertThat(r.io().valueOf(1)).isEqualTo(0xFFL);
        assertThat(r.io().valueOf(2)).isEqualTo(0xFFFFL);
        assertThat(r.io().valueOf(3)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void decode_whenEightByteIoValueExceedsLongMax_thenAllSixtyFourBitsKept() {
        AvlRecord r = onlyRecord(frame("8E 01" + TS_PRIO + NO_GPS
                + "0000 0001" + "0000 0000 0000" + "0001 0010 FFFFFFFFFFFFFFFE" + "0000" + "01"));

        assertThat(r.io().width(0)).isEqualTo(8);
        assertThat(r.io().value(0)).isEqualTo(-2L);
        assertThat(Long.toUnsignedString(r.io().value(0))).isEqualTo("18446744073709551614");
    }

    @Test
    void decode_whenNxValueHasZeroLength_thenEmptyValue() {
        AvlRecord r = onlyRecord(frame("8E 01" + TS_PRIO + NO_GPS
                + "0000 0002" + "0000 0000 0000 0000"
                + "0002" + "0101 0000" + "0102 0002 ABCD" // NX: id 257 empty, id 258 two bytes
                + "01"));

        assertThat(r.io().variableCount()).isEqualTo(2);
        assertThat(r.io().variableValueOf(0x101)).isEmpty();
        assertThat(r.io().variableValueOf(0x102)).containsExactly(0xAB, 0xCD);
    }

    @Test
    void decode_whenNxLengthRunsPastTheData_thenMalformedRecord() {
        Rejected rejected = rejected(frame("8E 01" + TS_PRIO + NO_GPS
                + "0000 0001" + "0000 0000 0000 0000" + "0001 0101 00FF ABCD" + "01"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_RECORD);
    }

    @Test
    void decode_whenCodec16_thenGenerationTypeAfterTwoByteEventIdAndOneByteCounts() {
        AvlRecord r = onlyRecord(frame("10 01" + TS_PRIO + NO_GPS
                + "00EF 05" // event id 239, generation type 5
                + "02" + "01 00EF01" + "01 01021234" + "00 00" + "01"));

        assertThat(r.eventId()).isEqualTo(239);
        assertThat(r.generationType()).isEqualTo(5);
        assertThat(r.hasGenerationType()).isTrue();
        assertThat(r.io().valueOf(239)).isEqualTo(1L);
        assertThat(r.io().valueOf(258)).isEqualTo(0x1234L);
    }

    @Test
    void decode_whenCodec8_thenNoGenerationTypeAndOneByteEventId() {
        AvlRecord r = onlyRecord(frame("08 01" + TS_PRIO + NO_GPS + "FD 01 01 01 01 00 00 00" + "01"));

        assertThat(r.eventId()).isEqualTo(253);
        assertThat(r.generationType()).isEqualTo(AvlRecord.NO_GENERATION_TYPE);
        assertThat(r.io().valueOf(1)).isEqualTo(1L);
    }

    @Test
    void decode_whenTotalIoCountDisagreesWithGroups_thenGroupsDecide() {
        // Devices in the field send wrong totals; the group counts alone delimit the elements.
        AvlRecord r = onlyRecord(frame("08 01" + TS_PRIO + NO_GPS + "01 05 01 0101 00 00 00" + "01"));

        assertThat(r.io().size()).isEqualTo(1);
    }

    @Test
    void decode_whenConsecutiveRecordsHaveDifferentGroupSizes_thenEachKeepsItsOwnWidths() {
        // Same element count, different groups: the widths of one record must not leak into the next.
        DecodeResult result = TeltonikaPacketParser.parse(frame("08 03"
                + TS_PRIO + NO_GPS + "00 01" + "01 0101" + "00 00 00"
                + TS_PRIO + NO_GPS + "00 01" + "00" + "01 020102" + "00 00"
                + TS_PRIO + NO_GPS + "00 01" + "01 0301" + "00 00 00"
                + "03"));

        assertThat(result).isInstanceOf(AvlPacket.class);
        var records = ((AvlPacket) result).records();
        assertThat(records).extracting(r -> r.io().width(0)).containsExactly(1, 2, 1);
        assertThat(records).extracting(r -> r.io().id(0)).containsExactly(1, 2, 3);
        assertThat(records.get(1).io().value(0)).isEqualTo(0x0102L);
    }

    @Test
    void decode_whenRecordCountsDisagree_thenCountMismatch() {
        Rejected rejected = rejected(frame("08 01" + CODEC8_RECORD + "02"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.COUNT_MISMATCH);
    }

    @Test
    void decode_whenBytesTrailTheLastRecord_thenMalformedRecord() {
        Rejected rejected = rejected(frame("08 01" + CODEC8_RECORD + "00" + "01"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_RECORD);
        assertThat(rejected.detail()).contains("1 bytes left");
    }

    @Test
    void decode_whenRecordRunsPastTheData_thenMalformedRecord() {
        // N1 claims three elements; what follows holds one and the three empty group counts.
        Rejected rejected = rejected(frame("08 01" + TS_PRIO + NO_GPS + "01 03 03 0101 00 00 00" + "01"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_RECORD);
        assertThat(rejected.detail()).contains("runs past the data");
    }

    /** The data ends where a group count should be: each count is bounds-checked before it is read. */
    @ParameterizedTest
    @ValueSource(strings = {
        "08 01" + TS_PRIO + NO_GPS + "01 02 01 0101 0201", // no N2
        "08 01" + TS_PRIO + NO_GPS + "01 01 01 0101 00", // no N4
        "08 01" + TS_PRIO + NO_GPS + "01 01 01 0101 00 00", // no N8
        "8E 01" + TS_PRIO + NO_GPS + "0001 0001 0000 0000 0000 0001 0001 0102030405060708", // no NX count
        "10 01" + TS_PRIO + NO_GPS + "0001 00 01 01 0001 01 00", // Codec 16: 2-byte ids, 1-byte counts; no N4
    })
    void decode_whenDataEndsBeforeAGroupCount_thenMalformedRecordFromHeapAndDirectBuffers(String data) {
        ByteBuf heap = frame(data + " 01");
        ByteBuf direct = Unpooled.directBuffer().writeBytes(heap, heap.readerIndex(), heap.readableBytes());
        try {
            assertThat(rejected(heap).detail()).contains("record 1 of 1 runs past the data");
            assertThat(rejected(direct).detail()).contains("record 1 of 1 runs past the data");
        } finally {
            direct.release();
        }
    }

    @Test
    void decode_whenMoreRecordsClaimedThanBytesCanHold_thenMalformedRecord() {
        Rejected rejected = rejected(frame("08 FF" + CODEC8_RECORD + "FF"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_RECORD);
    }

    @Test
    void decode_whenIoCountClaimsFarMoreThanTheBytes_thenMalformedRecord() {
        Rejected rejected = rejected(frame("8E 01" + TS_PRIO + NO_GPS + "0000 FFFF FFFF 0001 01" + "01"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_RECORD);
    }

    @Test
    void decode_whenLengthFieldDisagreesWithFrameSize_thenBadLength() {
        ByteBuf frame = frame("08 01" + CODEC8_RECORD + "01");
        frame.setInt(4, frame.getInt(4) + 1);

        assertThat(rejected(frame).reason()).isEqualTo(RejectReason.BAD_LENGTH);
    }

    @Test
    void decode_whenFrameCannotHoldCodecAndCounts_thenBadLength() {
        ByteBuf frame = Unpooled.wrappedBuffer(hex("00000000 00000002 0800 00000000"));

        assertThat(rejected(frame).reason()).isEqualTo(RejectReason.BAD_LENGTH);
    }

    @Test
    void decode_whenPreambleIsNotZero_thenBadPreamble() {
        ByteBuf frame = frame("08 01" + CODEC8_RECORD + "01");
        frame.setByte(3, 1);

        assertThat(rejected(frame).reason()).isEqualTo(RejectReason.BAD_PREAMBLE);
    }

    @Test
    void decode_whenCrcFieldUpperBytesAreNotZero_thenBadCrc() {
        // The CRC-16 sits in the low half of a 4-byte field; anything in the high half is corruption.
        ByteBuf frame = frame("08 01" + CODEC8_RECORD + "01");
        int crcAt = frame.writerIndex() - 4;
        frame.setShort(crcAt, 0x0001);

        assertThat(rejected(frame).reason()).isEqualTo(RejectReason.BAD_CRC);
    }

    @Test
    void decode_whenCrcIsWrongAndCodecUnknown_thenBadCrcFirst() {
        // A corrupted codec byte must be answered as a transmission error the device can resend.
        ByteBuf frame = frame("08 01" + CODEC8_RECORD + "01");
        frame.setByte(TeltonikaPacketParser.HEADER_LENGTH, 0x42);

        assertThat(rejected(frame).reason()).isEqualTo(RejectReason.BAD_CRC);
    }

    @Test
    void decode_whenCodec12SizeFieldIsWrong_thenMalformedCommand() {
        Rejected rejected = rejected(frame("0C 01 06 00000008 676574696E666F 01")); // size 8, "getinfo" is 7

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_COMMAND);
    }

    @Test
    void decode_whenCodec12QuantityIsNotOne_thenMalformedCommand() {
        Rejected rejected = rejected(frame("0C 02 06 00000007 676574696E666F 02"));

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_COMMAND);
    }

    @Test
    void decode_whenCodec12Response_thenCommandMessageNotAvlPacket() {
        DecodeResult result = TeltonikaPacketParser.parse(frame("0C 01 06 00000007 676574696E666F 01"));

        assertThat(result).isInstanceOfSatisfying(CommandMessage.class, m -> {
            assertThat(m.type()).isEqualTo(CommandMessage.TYPE_RESPONSE);
            assertThat(m.text()).isEqualTo("getinfo");
        });
    }

    @Test
    void decode_whenFrameStartsAfterOtherBytes_thenReadsFromReaderIndexWithoutMovingIt() {
        ByteBuf frame = frame("08 01" + CODEC8_RECORD + "01");
        int frameLength = frame.readableBytes();
        ByteBuf buffer = Unpooled.buffer().writeBytes(hex("DEADBEEF")).writeBytes(frame);
        buffer.readerIndex(4);

        DecodeResult result = TeltonikaPacketParser.parse(buffer);

        assertThat(result).isInstanceOf(AvlPacket.class);
        assertThat(buffer.readerIndex()).isEqualTo(4);
        assertThat(buffer.writerIndex()).isEqualTo(4 + frameLength);
    }

    private static AvlRecord onlyRecord(ByteBuf frame) {
        DecodeResult result = TeltonikaPacketParser.parse(frame);
        assertThat(result).isInstanceOf(AvlPacket.class);
        assertThat(((AvlPacket) result).records()).hasSize(1);
        return ((AvlPacket) result).records().get(0);
    }

    private static Rejected rejected(ByteBuf frame) {
        DecodeResult result = TeltonikaPacketParser.parse(frame);
        assertThat(result).isInstanceOf(Rejected.class);
        return (Rejected) result;
    }

    /** Preamble, data length, the data and its CRC-16/IBM in a 4-byte field. */
    private static ByteBuf frame(String dataHex) {
        byte[] data = hex(dataHex);
        return Unpooled.buffer()
                .writeInt(0)
                .writeInt(data.length)
                .writeBytes(data)
                .writeInt(Crc16Ibm.compute(data));
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }
}
