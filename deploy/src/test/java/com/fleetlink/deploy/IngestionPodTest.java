package com.fleetlink.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fleetlink.protocol.local.LocalProtocol;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Kustomize base's pod, read with fabric8's Kubernetes model: the sidecar and the ingestion
 * agree with each other, with their images and with the jars' commands (socket path, ports, instance
 * id, timeouts, users), and the Service, the budget and the probes point at the right things.
 */
class IngestionPodTest {
    private static final Path BASE = DeployFiles.KUBERNETES.resolve("base");
    private static final Kustomization base = Kustomization.render(BASE);
    private static final Dockerfile dockerfile = Dockerfile.read(DeployFiles.DOCKERFILE);
    private static final Deployment deployment = base.one(Deployment.class, "fleetlink-ingestion");
    private static final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private static final Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    /** How long each daemon's /livez may take to report a wedged event loop (their LIVENESS_TIMEOUT). */
    private static final Duration LIVEZ_WORST_ANSWER = Duration.ofSeconds(2);
    /** What the grace period keeps beyond every wait, for the two JVMs to run their last hooks and exit. */
    private static final Duration JVM_EXITS = Duration.ofSeconds(10);
    private static final Pattern HEAP_PERCENT = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)");
    private static final Pattern FIXED_HEAP = Pattern.compile("-Xmx(\\d+)m");
    private static final Pattern DIRECT = Pattern.compile("-XX:MaxDirectMemorySize=(\\d+)m");
    private static final Path RUN_LOCAL = DeployFiles.REPOSITORY.resolve("bin/run-local");
    /** The shell variable bin/run-local keeps each daemon's JVM options in. */
    private static final Map<Product, String> RUN_LOCAL_OPTIONS = Map.of(Product.INGESTION, "ingestion_java_opts",
            Product.REGISTRY_SIDECAR, "sidecar_java_opts");

    private static Container container(Product product) {
        List<Container> matching = Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                .filter(c -> c.getName().equals(product.id()))
                .toList();
        assertThat(matching).as("containers named %s", product.id()).hasSize(1);
        return matching.get(0);
    }

    private static EffectiveEnv env(Product product) {
        Map<String, String> literal = new LinkedHashMap<>();
        for (EnvVar var : container(product).getEnv()) {
            if (var.getValueFrom() == null) {
                literal.put(var.getName(), var.getValue());
            }
        }
        return new EffectiveEnv(product, literal, dockerfile);
    }

    private static EnvVar envVar(Product product, String name) {
        return container(product).getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(product.id() + " sets no " + name));
    }

    /** The containerPort a probe or Service names, by number or by port name. */
    private static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).contains(port.getIntVal());
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port.getStrVal()))
                .getContainerPort();
    }

    private static String[] imageUser(Product product) {
        String user = dockerfile.image(product.id()).user();
        assertThat(user).as("USER of the %s image", product.id()).matches("\\d+:\\d+");
        return user.split(":");
    }

    @Test
    void pod_runsTheSidecarAsANativeSidecarBeforeTheIngestion() {
        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly(Product.REGISTRY_SIDECAR.id());
        assertThat(container(Product.REGISTRY_SIDECAR).getRestartPolicy()).isEqualTo("Always");
        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly(Product.INGESTION.id());
        for (Product product : Product.values()) {
            assertThat(container(product).getImage()).startsWith(product.image() + ":");
            // The image's CMD is `run`: a command or args here would bypass the settings checked against it.
            assertThat(container(product).getCommand()).isEmpty();
            assertThat(container(product).getArgs()).isEmpty();
        }
    }

    @Test
    void socket_isTheProtocolsDefaultPathOnOneEmptyDirMountedInBothContainers() {
        Path socket = Path.of(LocalProtocol.DEFAULT_SOCKET_PATH);
        String volumeName = null;
        for (Product product : Product.values()) {
            assertThat(env(product).get("REGISTRY_SOCKET")).as("%s REGISTRY_SOCKET", product.id()).isEqualTo(socket.toString());
            List<VolumeMount> mounts = container(product).getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals(socket.getParent().toString())).toList();
            assertThat(mounts).as("%s mounts %s", product.id(), socket.getParent()).hasSize(1);
            assertThat(volumeName == null || volumeName.equals(mounts.get(0).getName())).as("same volume in both").isTrue();
            volumeName = mounts.get(0).getName();
        }
        String shared = volumeName;
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(shared)).findFirst().orElseThrow();
        assertThat(volume.getEmptyDir()).as("the socket volume is an emptyDir").isNotNull();
    }

    @Test
    void probes_askTheMetricsPortThatMetricsPortSets_livezForLivenessReadyzForReadiness() {
        for (Product product : Product.values()) {
            Container c = container(product);
            int metricsPort = env(product).integer("METRICS_PORT");
            assertThat(dockerfile.image(product.id()).exposed()).contains(metricsPort);
            Map<String, Probe> probes = new LinkedHashMap<>();
            probes.put("liveness", c.getLivenessProbe());
            probes.put("readiness", c.getReadinessProbe());
            probes.put("startup", c.getStartupProbe());
            probes.forEach((kind, probe) -> {
                assertThat(probe).as("%s %s probe", product.id(), kind).isNotNull();
                assertThat(containerPort(c, probe.getHttpGet().getPort())).as("%s %s probe port", product.id(), kind).isEqualTo(metricsPort);
                assertThat(probe.getHttpGet().getPath()).isIn("/livez", "/readyz");
            });
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
            assertThat(Duration.ofSeconds(c.getLivenessProbe().getTimeoutSeconds())).as("%s liveness timeout", product.id())
                    .isGreaterThan(LIVEZ_WORST_ANSWER);
        }
        // The ingestion starts only after this passes, so it must mean "the socket is there".
        assertThat(container(Product.REGISTRY_SIDECAR).getStartupProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    }

    @Test
    void instanceId_comesFromThePodNameWhereverACommandReadsIt() {
        for (Product product : Product.values()) {
            if (product.run().readsEnv("INSTANCE_ID")) {
                EnvVar var = envVar(product, "INSTANCE_ID");
                assertThat(var.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            }
        }
        assertThat(Product.REGISTRY_SIDECAR.run().readsEnv("INSTANCE_ID")).isTrue();
    }

    @Test
    void everyEnvVariable_isOneTheContainersCommandReads() {
        for (Product product : Product.values()) {
            assertThat(container(product).getEnv()).extracting(EnvVar::getName)
                    .as("%s env names not read by %s", product.id(), product.run().name())
                    .allMatch(name -> name.equals(Product.JAVA_OPTS) || product.run().readsEnv(name));
        }
    }

    @Test
    void everyValueThePodAndTheImageBothSet_isTheSame() {
        for (Product product : Product.values()) {
            assertThat(env(product).disagreementsWithTheImage()).as("%s env against its image's ENV", product.id()).isEmpty();
        }
    }

    @Test
    void redisUrl_comesFromASecretThatTheBaseTellsHowToCreate() throws Exception {
        EnvVar redis = envVar(Product.REGISTRY_SIDECAR, "REDIS_URL");
        assertThat(redis.getValue()).isNull();
        String secret = redis.getValueFrom().getSecretKeyRef().getName();
        String key = redis.getValueFrom().getSecretKeyRef().getKey();
        assertThat(Files.readString(DeployFiles.kustomizationFile(BASE)))
                .contains("kubectl create secret generic " + secret + " --from-literal=" + key + "=");
    }

    @Test
    void service_sendsTheDevicePortToTheIngestionsTeltonikaPort() {
        Service service = base.one(Service.class, "fleetlink-devices");
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        int devicePort = env(Product.INGESTION).integer("TELTONIKA_PORT");
        assertThat(dockerfile.image(Product.INGESTION.id()).exposed()).contains(devicePort);
        assertThat(service.getSpec().getPorts()).hasSize(1);
        ServicePort port = service.getSpec().getPorts().get(0);
        assertThat(port.getProtocol()).isEqualTo("TCP");
        assertThat(containerPort(container(Product.INGESTION), port.getTargetPort())).isEqualTo(devicePort);
    }

    @Test
    void selectors_ofTheDeploymentBudgetAndSpread_matchThePodLabels() {
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        PodDisruptionBudget budget = base.one(PodDisruptionBudget.class, "fleetlink-ingestion");
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pod.getTopologySpreadConstraints()).isNotEmpty();
        for (TopologySpreadConstraint spread : pod.getTopologySpreadConstraints()) {
            assertThat(podLabels).containsAllEntriesOf(spread.getLabelSelector().getMatchLabels());
        }
    }

    @Test
    void preStop_isTheKubeletsSleepOnTheIngestionOnly_soNoShellIsNeededAndTheSidecarStopsAtOnce() {
        // preStop refuses any hook but a sleep (an exec of `sleep` would need a shell or the binary in the image).
        assertThat(ShutdownBudget.preStop(container(Product.INGESTION))).as("the ingestion's preStop pause").isPositive();
        // The sidecar is stopped only once the ingestion has exited: nothing is routed to it, a pause there only delays.
        assertThat(container(Product.REGISTRY_SIDECAR).getLifecycle()).as("the sidecar's lifecycle").isNull();
    }

    @Test
    void terminationGracePeriod_coversThePreStopPauseThePacedDrainAndReleaseThenTheSidecar_andLeavesTheJvmsTimeToExit() {
        EffectiveEnv ingestion = env(Product.INGESTION);
        assertThat(ingestion.duration("TELTONIKA_DRAIN_DURATION")).as("the manifests pace the drain").isPositive();
        // The grace period starts with the preStop hook, and the kubelet stops the native sidecar only
        // after the ingestion has exited: the times add up.
        Duration needed = ShutdownBudget.preStop(container(Product.INGESTION))
                .plus(ShutdownBudget.ingestion(ingestion))
                .plus(ShutdownBudget.sidecar(env(Product.REGISTRY_SIDECAR)))
                .plus(JVM_EXITS);

        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).isGreaterThanOrEqualTo(needed);
    }

    @Test
    void users_areTheImagesDistinctUidsSharingOneGroupThatOwnsTheVolumes() {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        String[] sidecar = imageUser(Product.REGISTRY_SIDECAR);
        String[] ingestion = imageUser(Product.INGESTION);
        assertThat(sidecar[0]).isNotEqualTo(ingestion[0]);
        assertThat(sidecar[1]).isEqualTo(ingestion[1]);
        long group = Long.parseLong(sidecar[1]);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(group);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(group);
        for (Product product : Product.values()) {
            assertThat(container(product).getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(imageUser(product)[0]));
        }
    }

    @Test
    void resources_areBoundedAndTheJvmsHeapAndDirectMemoryFitTheLimit() {
        for (Product product : Product.values()) {
            Map<String, Quantity> limits = container(product).getResources().getLimits();
            assertThat(container(product).getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(limits).containsKeys("cpu", "memory");
            String javaOpts = env(product).get(Product.JAVA_OPTS);
            BigDecimal limit = limits.get("memory").getNumericalAmount();
            BigDecimal used = heapBytes(javaOpts, limit).add(directBytes(javaOpts));
            // The rest (metaspace, code cache, thread stacks, Netty's native parts) needs a fifth at least.
            assertThat(used).as("%s heap + direct memory", product.id()).isLessThanOrEqualTo(limit.multiply(new BigDecimal("0.8")));
        }
    }

    /** The heap cap: {@code -Xmx<N>m} where given, else {@code -XX:MaxRAMPercentage} of the memory limit. */
    private static BigDecimal heapBytes(String javaOpts, BigDecimal limit) {
        Matcher fixed = FIXED_HEAP.matcher(javaOpts);
        if (fixed.find()) {
            return BigDecimal.valueOf(Long.parseLong(fixed.group(1)) << 20);
        }
        Matcher percent = HEAP_PERCENT.matcher(javaOpts);
        assertThat(percent.find()).as("JAVA_OPTS sizes the heap: %s", javaOpts).isTrue();
        return limit.multiply(new BigDecimal(percent.group(1))).movePointLeft(2);
    }

    private static BigDecimal directBytes(String javaOpts) {
        Matcher direct = DIRECT.matcher(javaOpts);
        assertThat(direct.find()).as("JAVA_OPTS sizes direct memory: %s", javaOpts).isTrue();
        return BigDecimal.valueOf(Long.parseLong(direct.group(1)) << 20);
    }

    /**
     * The manifest is where each daemon's JVM options are written (bench/report reads them there); the
     * image, which compose runs as it is, and bin/run-local carry a copy.
     */
    @ParameterizedTest
    @EnumSource(Product.class)
    void jvmOptions_areThePodsInTheImageAndInRunLocal(Product product) throws Exception {
        String pod = envVar(product, Product.JAVA_OPTS).getValue();
        assertThat(dockerfile.image(product.id()).env()).containsEntry(Product.JAVA_OPTS, pod);
        String variable = RUN_LOCAL_OPTIONS.get(product);
        String runLocal = Files.readString(RUN_LOCAL);
        Matcher options = Pattern.compile("(?m)^" + variable + "=\"([^\"]*)\"$").matcher(runLocal);
        assertThat(options.find()).as("bin/run-local sets %s", variable).isTrue();
        assertThat(options.group(1)).isEqualTo(pod);
        assertThat(runLocal).contains("java $" + variable + " -jar " + product.id() + "/target/" + product.id() + ".jar run");
    }

    @Test
    void prometheusAnnotations_pointAtTheIngestionsMetricsPort() {
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/metrics");
        assertThat(Integer.parseInt(annotations.get("prometheus.io/port"))).isEqualTo(env(Product.INGESTION).integer("METRICS_PORT"));
    }
}
