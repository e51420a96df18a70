package com.fleetlink.ingestion.teltonika;

import com.fleetlink.ingestion.teltonika.DecodeResult.AvlPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * jqwik generators of valid AVL packets for every AVL codec, for property tests anywhere in the
 * module: records with negative coordinates, full-range unsigned fields, IO elements within each
 * codec's id and count widths (values up to the full 64 bits) and, for Codec 8 Extended, NX values
 * including empty ones.
 *
 * <p>Record counts go up to 255 but lean towards small packets so that a few hundred tries stay
 * fast. Fixed-width IO elements are generated in the order the wire carries them (1-, 2-, 4-, then
 * 8-byte), so a decoded packet is {@code equals} to the generated one.
 */
public final class RandomPackets {
    /** Most elements per fixed-width group: every group is exercised while records stay small. */
    private static final int MAX_PER_GROUP = 6;
    private static final int MAX_NX = 3;
    private static final int MAX_NX_LENGTH = 40;

    private RandomPackets() {
    }

    /** Packets of any AVL codec with 1 to 255 records, mostly few. */
    public static Arbitrary<AvlPacket> avlPackets() {
        return avlPackets(255);
    }

    /** Packets of any AVL codec with 1 to {@code maxRecords} records, mostly few. */
    public static Arbitrary<AvlPacket> avlPackets(int maxRecords) {
        return avlCodecs().flatMap(codec -> avlPackets(codec, maxRecords));
    }

    /** Packets of one codec with 1 to {@code maxRecords} records, mostly few. */
    public static Arbitrary<AvlPacket> avlPackets(Codec codec, int maxRecords) {
        return records(codec).list().ofMinSize(1).ofMaxSize(maxRecords)
                .withSizeDistribution(RandomDistribution.biased())
                .map(records -> new AvlPacket(codec, records));
    }

    /** Codec 8, 8 Extended and 16. */
    public static Arbitrary<Codec> avlCodecs() {
        return Arbitraries.of(Codec.CODEC_8, Codec.CODEC_8_EXTENDED, Codec.CODEC_16);
    }

    /** One record that {@code codec} can carry. */
    public static Arbitrary<AvlRecord> records(Codec codec) {
        Arbitrary<Integer> generationType = codec == Codec.CODEC_16
                ? Arbitraries.integers().between(0, 255)
                : Arbitraries.just(AvlRecord.NO_GENERATION_TYPE);
        return Combinators.combine(
                        Arbitraries.longs(),
                        unsigned(8),
                        positions(),
                        ids(codec),
                        generationType,
                        ioElements(codec))
                .as((timestamp, priority, p, eventId, gen, io) -> new AvlRecord(timestamp, priority,
                        p.longitude(), p.latitude(), p.altitude(), p.angle(), p.satellites(), p.speed(), eventId, gen, io));
    }

    /** IO elements within {@code codec}'s id width, NX values only for Codec 8 Extended. */
    public static Arbitrary<IoElements> ioElements(Codec codec) {
        Arbitrary<List<long[]>> w1 = group(codec, 1);
        Arbitrary<List<long[]>> w2 = group(codec, 2);
        Arbitrary<List<long[]>> w4 = group(codec, 4);
        Arbitrary<List<long[]>> w8 = group(codec, 8);
        Arbitrary<List<NxValue>> nx = codec == Codec.CODEC_8_EXTENDED
                ? nxValues().list().ofMaxSize(MAX_NX)
                : Arbitraries.just(List.of());
        return Combinators.combine(w1, w2, w4, w8, nx).as((g1, g2, g4, g8, variable) -> {
            IoElements.Builder io = IoElements.builder(g1.size() + g2.size() + g4.size() + g8.size());
            addGroup(io, 1, g1);
            addGroup(io, 2, g2);
            addGroup(io, 4, g4);
            addGroup(io, 8, g8);
            variable.forEach(v -> io.addVariable(v.id(), v.value()));
            return io.build();
        });
    }

    /** The bytes a device would send for {@code packet}: preamble to CRC. */
    public static byte[] encode(AvlPacket packet) {
        ByteBuf out = Unpooled.buffer();
        TeltonikaPacketEncoder.writeAvlPacket(out, packet.codec(), packet.records());
        return ByteBufUtil.getBytes(out);
    }

    private static Arbitrary<List<long[]>> group(Codec codec, int width) {
        Arbitrary<Long> value = width == 8 ? Arbitraries.longs() : Arbitraries.longs().between(0, (1L << (8 * width)) - 1);
        return Combinators.combine(ids(codec), value).as((id, v) -> new long[] {id, v})
                .list().ofMaxSize(MAX_PER_GROUP);
    }

    private static void addGroup(IoElements.Builder io, int width, List<long[]> elements) {
        for (long[] idValue : elements) {
            io.add((int) idValue[0], width, idValue[1]);
        }
    }

    private static Arbitrary<NxValue> nxValues() {
        return Combinators.combine(unsigned(16), Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX_NX_LENGTH))
                .as(NxValue::new);
    }

    private static Arbitrary<Integer> ids(Codec codec) {
        return unsigned(8 * codec.idWidth());
    }

    private static Arbitrary<Integer> unsigned(int bits) {
        return Arbitraries.integers().between(0, (1 << bits) - 1);
    }

    /** Coordinates across both hemispheres, altitude signed, the rest full unsigned range. */
    private static Arbitrary<Position> positions() {
        return Combinators.combine(
                        Arbitraries.integers().between(-1_800_000_000, 1_800_000_000),
                        Arbitraries.integers().between(-900_000_000, 900_000_000),
                        Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE),
                        unsigned(16),
                        unsigned(8),
                        unsigned(16))
                .as(Position::new);
    }

    private record Position(int longitude, int latitude, int altitude, int angle, int satellites, int speed) {
    }

    private record NxValue(int id, byte[] value) {
    }
}
