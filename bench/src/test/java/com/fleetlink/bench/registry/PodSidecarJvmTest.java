package com.fleetlink.bench.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodSidecarJvmTest {
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

        assertThat(PodSidecarJvm.options(manifest)).containsExactly("-XX:MaxRAM=209715200", "-XX:ActiveProcessorCount=2",
                "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=40");
    }

    @Test
    void options_refuseAPodWithoutTheSidecar() throws Exception {
        Path manifest = Files.writeString(dir.resolve("deployment.yaml"), POD.replace("registry-sidecar", "other"));

        assertThatThrownBy(() -> PodSidecarJvm.options(manifest)).hasMessageContaining("no container named registry-sidecar");
    }

    @Test
    void quantities_readAsTheKubeletAndTheJvmReadThem() {
        assertThat(PodSidecarJvm.bytes("384Mi")).isEqualTo(384L << 20);
        assertThat(PodSidecarJvm.bytes("1Gi")).isEqualTo(1L << 30);
        assertThat(PodSidecarJvm.bytes("1000000")).isEqualTo(1_000_000L);
        assertThat(PodSidecarJvm.processors("500m")).isEqualTo(1);
        assertThat(PodSidecarJvm.processors("2")).isEqualTo(2);
    }

    /** The repository's own manifest: what bench/report reads, from the bench module's directory. */
    @Test
    void theBaseManifest_givesTheSidecarsOptionsUnderItsLimits() {
        List<String> options = PodSidecarJvm.options(Path.of("..").resolve(PodSidecarJvm.MANIFEST));

        assertThat(options).hasSizeGreaterThan(2);
        assertThat(options.get(0)).startsWith("-XX:MaxRAM=");
        assertThat(options.get(1)).startsWith("-XX:ActiveProcessorCount=");
    }
}
