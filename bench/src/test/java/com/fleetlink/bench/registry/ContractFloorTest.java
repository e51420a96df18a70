package com.fleetlink.bench.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fleetlink.testkit.RedisServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract's bare writes against a real {@code redis-server}: both hashes, every device, in batches, and nothing left. */
class ContractFloorTest {
    private static final String INSTANCE = "bench-floor";
    private static final long FIRST = 7_000_000L;
    /** Not a multiple of the batch, so the last batch is a short one. */
    private static final int DEVICES = 1_234;

    private RedisServerProcess redis;
    private RespClient client;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        client = RespClient.connect(redis.port());
    }

    @AfterEach
    void stop() {
        client.close();
        redis.close();
    }

    @Test
    void measure_writesBothHashesInBatchesOf500_thenDeletesThem_andTimesBothPhases() {
        client.call("CONFIG", "RESETSTAT");

        Map<String, Object> result = ContractFloor.measure(redis.port(), INSTANCE, FIRST, DEVICES);

        // Three batches (500, 500, 234) per hash: one HSET each to write, one HDEL each to delete.
        assertThat(client.commandCalls("hset")).isEqualTo(6);
        assertThat(client.commandCalls("hdel")).isEqualTo(6);
        assertThat(client.hlen(ContractFloor.REGISTRY)).isZero();
        assertThat(client.hlen(ContractFloor.STAMPS)).isZero();
        double write = (double) result.get("contractFloorWriteSeconds");
        double delete = (double) result.get("contractFloorDeleteSeconds");
        assertThat(write).isPositive();
        assertThat(delete).isPositive();
        assertThat((double) result.get("contractFloorEventsPerSecond"))
                .isCloseTo(2.0 * DEVICES / (write + delete), withPercentage(10));
    }

    @Test
    void measure_writesEachDevicesFieldAndStamp_asTheSidecarWritesThem() {
        // MONITOR reports every command, so what the floor wrote can be read afterwards: the contract's two fields per device.
        try (RespClient monitor = RespClient.connect(redis.port())) {
            monitor.call("MONITOR");
            ContractFloor.measure(redis.port(), INSTANCE, FIRST, DEVICES);
            List<String> written = hsetArguments(monitor, 6);

            assertThat(written).filteredOn(a -> a.startsWith("\"" + ContractFloor.REGISTRY + "\"")).hasSize(3);
            assertThat(written).filteredOn(a -> a.startsWith("\"" + ContractFloor.STAMPS + "\"")).hasSize(3);
            assertThat(written.get(0)).contains("\"" + EventLines.imei(FIRST) + "\" \"" + INSTANCE + "\"");
            assertThat(written.get(1)).containsPattern("\"" + EventLines.imei(FIRST) + "\" \"\\d{13}\\|" + INSTANCE + "\"");
        }
    }

    @Test
    void measure_whenTheRegistryHoldsAField_refusesToRun() {
        client.call("HSET", ContractFloor.REGISTRY, EventLines.imei(1), "someone");

        assertThatThrownBy(() -> ContractFloor.measure(redis.port(), INSTANCE, FIRST, DEVICES))
                .isInstanceOf(BenchFailure.class)
                .hasMessageContaining("1 registry fields");
    }

    /** The arguments (key first) of the first {@code count} HSETs MONITOR reports, skipping other commands. */
    private static List<String> hsetArguments(RespClient monitor, int count) {
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            String line = String.valueOf(monitor.read());
            int at = line.indexOf("\"HSET\" ");
            if (at >= 0) {
                out.add(line.substring(at + "\"HSET\" ".length()));
            }
        }
        return out;
    }
}
