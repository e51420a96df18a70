package com.fleetlink.ingestion.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.ingestion.teltonika.AvlRecord;
import com.fleetlink.ingestion.teltonika.Codec;
import com.fleetlink.ingestion.teltonika.DecodeResult;
import com.fleetlink.ingestion.teltonika.IoElements;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketEncoder;
import com.fleetlink.ingestion.teltonika.TeltonikaPacketParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordFactoryTest {
    private static final long BASE = 1_700_000_000_000L;

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"CODEC_8", "CODEC_8_EXTENDED", "CODEC_16"})
    void next_whenEncodedWithItsCodec_thenTheParserReadsBackTheSameRecords(Codec codec) {
        RecordFactory factory = new RecordFactory(codec, 7, BASE);
        List<AvlRecord> sent = factory.next(25);
        ByteBuf frame = Unpooled.buffer();
        TeltonikaPacketEncoder.writeAvlPacket(frame, codec, sent);

        DecodeResult result = TeltonikaPacketParser.parse(frame);

        assertThat(result).isInstanceOf(DecodeResult.AvlPacket.class);
        DecodeResult.AvlPacket packet = (DecodeResult.AvlPacket) result;
        assertThat(packet.codec()).isEqualTo(codec);
        assertThat(packet.records()).isEqualTo(sent);
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"CODEC_8", "CODEC_8_EXTENDED", "CODEC_16"})
    void next_whenCalledRepeatedly_thenTimestampsAreConsecutiveMillisecondsAndTheVehicleMoves(Codec codec) {
        RecordFactory factory = new RecordFactory(codec, 3, BASE);
        List<AvlRecord> all = new ArrayList<>(factory.next(4));
        all.addAll(factory.next(6));

        assertThat(all).extracting(AvlRecord::timestamp)
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> BASE + i).toList());
        assertThat(all.get(9).latitude() != all.get(0).latitude() || all.get(9).longitude() != all.get(0).longitude())
                .as("position changes").isTrue();
        assertThat(all.get(0).latitudeDegrees()).isBetween(54.0, 55.5);
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"CODEC_8", "CODEC_8_EXTENDED", "CODEC_16"})
    void next_whenBuildingIo_thenEveryFixedWidthIsPresentAndNxOnlyIn8Extended(Codec codec) {
        AvlRecord record = new RecordFactory(codec, 1, BASE).next(1).get(0);
        IoElements io = record.io();

        assertThat(IntStream.range(0, io.fixedCount()).map(io::width).distinct().sorted().toArray())
                .containsExactly(1, 2, 4, 8);
        assertThat(io.variableCount()).isEqualTo(codec == Codec.CODEC_8_EXTENDED ? 1 : 0);
        assertThat(record.hasGenerationType()).isEqualTo(codec == Codec.CODEC_16);
    }
}
