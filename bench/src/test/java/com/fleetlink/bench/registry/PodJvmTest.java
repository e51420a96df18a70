package com.fleetlink.bench.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodJvmTest {
    /** The sidecar as a native sidecar (an init container), next to an ingestion with options of its own. */
    private static final String POD = """
            apiVersion: apps/v1
            kind: Deployment
            spec:
              template:
                spec:
                  initContainers:
                    - name: registry-sidecar
                      env:
                        - name: INSTANCE_ID
                          valueFrom: {fieldRef: {fieldPath: metadata.name}}
                        - name: JAVA_OPTS
                          value: -XX:+UseSerialGC  -XX:MaxRAMPercentage=40
                      resources:
                        limits: {cpu: 1500m, memory: 200Mi}
                  containers:
                    - name: ingestion
                      env:
                        - name: JAVA_OPTS
                          value: -XX:+UseG1GC
                      resources:
                        limits: {cpu: "2", memory: 1Gi}
            """;

    @TempDir
    Path dir;

    @Test
    void options_areTheSidecarsLimitsAsMaxRamAndProcessors_thenItsJavaOpts() throws Exception {
        Path manifest = Files.writeString(dir.resolve("deployment.yaml"), POD);

        assertThat(PodJvm.options(manifest, PodJvm.SIDECAR)).containsExactly("-XX:MaxRAM=209715200",
                "-XX:ActiveProcessorCount=2", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=40");
    }

    @Test
    void options_areTheNamedContainersOwn() throws Exception {
        Path manifest = Files.writeString(dir.resolve("deployment.yaml"), POD);

        assertThat(PodJvm.options(manifest, PodJvm.INGESTION)).containsExactly("-XX:MaxRAM=1073741824",
                "-XX:ActiveProcessorCount=2", "-XX:+UseG1GC");
    }

    @Test
    void options_refuseAPodWithoutTheContainer() throws Exception {
        Path manifest = Files.writeString(dir.resolve("deployment.yaml"), POD.replace("registry-sidecar", "other"));

        assertThatThrownBy(() -> PodJvm.options(manifest, PodJvm.SIDECAR))
                .hasMessageContaining("no container named registry-sidecar");
    }

    @Test
    void quantities_readAsTheKubeletAndTheJvmReadThem() {
        assertThat(PodJvm.bytes("384Mi")).isEqualTo(384L << 20);
        assertThat(PodJvm.bytes("1Gi")).isEqualTo(1L << 30);
        assertThat(PodJvm.bytes("1000000")).isEqualTo(1_000_000L);
        assertThat(PodJvm.processors("500m")).isEqualTo(1);
        assertThat(PodJvm.processors("2")).isEqualTo(2);
    }

    /** The repository's own manifest: what bench/report reads, from the bench module's directory. */
    @ParameterizedTest
    @ValueSource(strings = {PodJvm.SIDECAR, PodJvm.INGESTION})
    void theBaseManifest_givesEachContainersOptionsUnderItsLimits(String container) {
        List<String> options = PodJvm.options(Path.of("..").resolve(PodJvm.MANIFEST), container);

        assertThat(options).hasSizeGreaterThan(2);
        assertThat(options.get(0)).startsWith("-XX:MaxRAM=");
        assertThat(options.get(1)).startsWith("-XX:ActiveProcessorCount=");
    }
}
