package com.fleetlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The report's rows for the commands benchmark, from a result written by hand, and running its section alone. */
class CommandsSectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CommandsSection SECTION = new CommandsSection();
    private static final String RESULT = """
            {"devices":1000,"recordsPerPacket":20,"legSeconds":5,"pairs":3,"commandsPerSecond":100,"respondDelayMs":10,
             "expireMs":5000,"redisPersistence":"always","plainRecordsPerSecond":200000.0,"commandsRecordsPerSecond":196000.0,
             "plainLegSpread":0.02,"commandsLegSpread":0.035,"plainAckP50Ms":40.0,"plainAckP99Ms":250.0,
             "commandsAckP50Ms":41.5,"commandsAckP99Ms":260.25,
             "pairRatios":[0.97,0.99,0.98],"ratio":0.98,"pairRatioSpread":0.02,
             "fullRateCommands":{"commands":1050,"written":1049,"writtenP50Ms":60,"writtenP99Ms":300,"writtenMaxMs":400,
                                 "responded":1045,"respondedP50Ms":90,"respondedP99Ms":350,"respondedMaxMs":500,
                                 "statuses":{"expired":1,"responded":1045,"unknown":4}},
             "quietPacketsPerSecond":200,
             "quietCommands":{"commands":800,"written":800,"writtenP50Ms":3,"writtenP99Ms":12,"writtenMaxMs":20,
                              "responded":796,"respondedP50Ms":15,"respondedP99Ms":30,"respondedMaxMs":41,
                              "statuses":{"responded":796,"unknown":4}},
             "backlogCommands":5000,"backlogPerDevice":5,"backlogEnqueueSeconds":2.0,"drainCommandsPerSecond":1234.5,
             "drainSeconds":4.5,"drainStatuses":{"responded":5000},
             "drainCpuShare":{"sidecar":0.95,"ingestion":0.3,"redis":0.4,"simulator":0.2},"drainLoadAverage":"2.50 2.00 1.50",
             "drainBusiestSidecarThreads":{"sidecar-core":3.1},"socketBoundPerSecond":100000.0,"wrongAcks":0,
             "legs":[{"leg":"none-1","recordsPerSecond":200000.0,"ackP50Ms":40.0,"ackP99Ms":250.0,"serverCpuSeconds":9.0,
                      "sidecarCpuSeconds":0.5,"redisCpuSeconds":0.1,"simulatorCpuSeconds":6.0,"loadAverage":"3.0 2.0 1.0",
                      "commands":0},
                     {"leg":"commands-1","recordsPerSecond":196000.0,"ackP50Ms":41.5,"ackP99Ms":260.25,
                      "serverCpuSeconds":9.2,"sidecarCpuSeconds":1.5,"redisCpuSeconds":0.4,"simulatorCpuSeconds":6.1,"benchCpuSeconds":0.75,
                      "loadAverage":"3.0 2.0 1.0","commands":350,"writtenP50Ms":60,"writtenP99Ms":300,
                      "respondedP50Ms":90,"respondedP99Ms":350,"statuses":{"responded":349,"unknown":1}}]}""";

    private static Row row(int figure) throws Exception {
        return SectionRows.row(SECTION, figure, RESULT);
    }

    @Test
    void writtenLatency_givesTheLightTelemetryPercentilesAgainstTheFullRateLegs() throws Exception {
        Row row = row(0);

        assertThat(row.value()).isEqualTo("3.00 ms / 12.00 ms (800 of 800)");
        assertThat(row.ratio()).isEqualTo("full-rate legs 60.00 ms / 300.00 ms");
    }

    @Test
    void respondedLatency_countsOnlyTheResponded() throws Exception {
        Row row = row(1);

        assertThat(row.value()).isEqualTo("15.00 ms / 30.00 ms (796 of 800)");
        assertThat(row.ratio()).isEqualTo("full-rate legs 90.00 ms / 350.00 ms");
    }

    @Test
    void statuses_whenSomeEndedUnknown_thenTheRespondedShareIsOfAllCommands() throws Exception {
        Row row = row(2);

        assertThat(row.value()).isEqualTo("99.5 % responded (responded 796, unknown 4)");
        assertThat(row.ratio()).isEqualTo("full-rate legs: responded 1,045, unknown 4, expired 1");
    }

    @Test
    void telemetryRatio_isTheMedianOfThePerLegRatios_andMissesTheTargetBelow098() throws Exception {
        Row row = row(3);

        assertThat(row.value()).isEqualTo("0.980 (median of 0.970, 0.990, 0.980; 196,000/s vs 200,000/s, 100 commands/s)");
        assertThat(row.ratio()).isEqualTo("1.00 × target; ratio spread 2.0 %; leg spread without 2.0 %, with 3.5 %");
        assertThat(row.verdict()).isEqualTo("pass");
        JsonNode slower = JSON.readTree(RESULT.replace("\"ratio\":0.98", "\"ratio\":0.95"));
        assertThat(SECTION.figures().get(3).evaluate(new BenchmarkRun(SECTION.id(), "cmd", slower, null)).verdict())
                .isEqualTo("fail by 3.1 % short");
    }

    @Test
    void ackLatency_givesBothLegKinds() throws Exception {
        Row row = row(4);

        assertThat(row.value()).isEqualTo("41.50 ms / 260.25 ms");
        assertThat(row.ratio()).isEqualTo("without commands 40.00 ms / 250.00 ms");
    }

    @Test
    void drain_givesTheEnqueueRateTheSocketBoundAndTheBusiestProcess() throws Exception {
        Row row = row(5);

        assertThat(row.value()).isEqualTo("1,235/s (5,000 commands, enqueued at 2,500/s)");
        assertThat(row.ratio()).isEqualTo("socket bound 1,000 devices ÷ 10 ms = 100,000/s; busiest sidecar 95.0 % of a core, load 2.50 2.00 1.50");
    }

    @Test
    void details_listEveryLeg_withCommandFiguresOnlyWhereCommandsFlowed() throws Exception {
        assertThat(SECTION.details(JSON.readTree(RESULT)))
                .anySatisfy(line -> assertThat(line).startsWith("| none-1 | 0 | 200,000 | 40.00 ms | 250.00 ms | — | — | — | — | — |"))
                .anySatisfy(line -> assertThat(line).startsWith("| commands-1 | 350 | 196,000 |")
                        .contains("| 60.00 ms | 300.00 ms | 90.00 ms | 350.00 ms | responded 349, unknown 1 |")
                        .contains("| 6.1 | 0.75 | 3.0 2.0 1.0 |"))
                .anySatisfy(line -> assertThat(line).startsWith("Drain of 5,000 commands (5 a device) in 4.5 s, ended responded 5,000")
                        .contains("sidecar 95.0 %, ingestion 30.0 %, redis 40.0 %, simulator 20.0 %"));
    }

    @Test
    void only_whenTheIdNamesCommands_thenTheReportHoldsThatSectionAlone() {
        assertThat(ReportMain.only("commands")).singleElement().isInstanceOf(CommandsSection.class);
    }
}
