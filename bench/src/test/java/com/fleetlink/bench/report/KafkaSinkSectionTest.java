package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The report's rows for the Kafka sink benchmark, from a result written by hand, and running its section alone. */
class KafkaSinkSectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KafkaSinkSection SECTION = new KafkaSinkSection();
    private static final String RESULT = """
            {"devices":1000,"recordsPerPacket":20,"legSeconds":15,"pairs":3,"broker":"one KRaft node in the benchmark JVM",
             "fileRecordsPerSecond":200000.0,"kafkaRecordsPerSecond":120000.0,"ratio":0.6,"pairRatios":[0.55,0.6,0.7],
             "fileLegSpread":0.05,"kafkaLegSpread":0.125,"fileAckP50Ms":40.0,"fileAckP99Ms":250.0,
             "kafkaAckP50Ms":70.5,"kafkaAckP99Ms":400.25,"wrongAcks":0,
             "legs":[{"leg":"file-1","recordsPerSecond":200000.0,"ackP50Ms":40.0,"ackP99Ms":250.0,"ackMaxMs":900.0,
                      "serverCpuSeconds":20.0,"serverCpuSecondsPerMillionRecords":6.5,"simulatorCpuSeconds":12.0,
                      "brokerCpuSeconds":0.1,"wrongAcks":0,"loadAverage":"3.0 2.0 1.0"}]}""";

    private static Row row(int figure) throws Exception {
        return SectionRows.row(SECTION, figure, RESULT);
    }

    @Test
    void ratio_givesBothSinksRatesAndEachSinksLegSpread() throws Exception {
        Row row = row(0);

        assertThat(row.value()).isEqualTo("0.600 (120,000/s vs 200,000/s)");
        assertThat(row.ratio()).isEqualTo("leg spread file 5.0 %, Kafka 12.5 %");
        assertThat(row.verdict()).isEqualTo("n/a");
    }

    @Test
    void ackLatency_givesKafkaP50AndP99AgainstTheFileSinks() throws Exception {
        Row row = row(1);

        assertThat(row.value()).isEqualTo("70.50 ms / 400.25 ms");
        assertThat(row.ratio()).isEqualTo("file sink 40.00 ms / 250.00 ms");
    }

    @Test
    void details_listEveryLegWithTheBrokersCpu() throws Exception {
        assertThat(SECTION.details(JSON.readTree(RESULT))).anySatisfy(line -> assertThat(line).startsWith("| file-1 | 200,000 |")
                .contains("| 0.1 |"));
    }

    @Test
    void only_whenTheIdNamesTheKafkaSink_thenTheReportHoldsThatSectionAlone() {
        assertThat(ReportMain.only("kafka-sink")).singleElement().isInstanceOf(KafkaSinkSection.class);
    }
}
