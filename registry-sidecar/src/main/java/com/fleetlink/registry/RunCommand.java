package com.fleetlink.registry;

import com.fleetlink.protocol.cli.ManifestVersion;
import com.fleetlink.protocol.cli.CommandFailure;
import com.fleetlink.protocol.cli.ExitCodes;
import com.fleetlink.protocol.cli.DaemonOptions;
import com.fleetlink.protocol.cli.TerminationSignal;
import com.fleetlink.protocol.local.LocalProtocol;
import com.fleetlink.registry.command.ClaimDurability;
import com.fleetlink.registry.command.CommandDispatchOptions;
import com.fleetlink.registry.command.CommandStoreOptions;
import com.fleetlink.registry.core.SidecarOptions;
import com.fleetlink.registry.janitor.JanitorOptions;
import com.fleetlink.registry.redis.RedisSettings;
import com.fleetlink.registry.redis.RedisTls;
import com.fleetlink.registry.socket.LocalSocketSettings;
import com.fleetlink.registry.socket.PeerCredentialPolicy;
import com.fleetlink.registry.socket.SocketInUseException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code registry-sidecar run}: the daemon. Exits 0 after SIGTERM, 1 when it cannot start. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class, sortOptions = false,
        description = "Keep Redis' connections:registry in step with the devices the ingestion holds. "
                + "Every flag also reads the environment variable named in its description.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "${env:REGISTRY_SOCKET:-" + LocalProtocol.DEFAULT_SOCKET_PATH + "}",
            description = "Unix socket to listen on (REGISTRY_SOCKET, default ${DEFAULT-VALUE}).")
    Path socket;

    @Option(names = "--allow-peer-uid", paramLabel = "UID", split = ",", defaultValue = "${env:ALLOW_PEER_UIDS}",
            description = "Further uids allowed to connect to the socket, besides the sidecar's own uid and gid; "
                    + "comma-separated or repeated, root (0) only when listed (ALLOW_PEER_UIDS, default: none).")
    Set<Integer> allowPeerUids = new LinkedHashSet<>();

    @Option(names = "--max-local-connections", paramLabel = "N",
            defaultValue = "${env:MAX_LOCAL_CONNECTIONS:-" + LocalSocketSettings.DEFAULT_MAX_CONNECTIONS + "}",
            description = "Most connections open on the socket at once; more are closed at accept "
                    + "(MAX_LOCAL_CONNECTIONS, default ${DEFAULT-VALUE}).")
    int maxLocalConnections;

    @Option(names = "--redis", paramLabel = "REDIS_URI", defaultValue = "${env:REDIS_URL:-redis://127.0.0.1:6379}",
            description = "Lettuce URI: redis://, rediss:// (TLS), redis://user:password@host, redis-sentinel:// "
                    + "(REDIS_URL, default ${DEFAULT-VALUE}).")
    String redisUri;

    @Option(names = "--redis-tls-ca", paramLabel = "FILE", defaultValue = "${env:REDIS_TLS_CA}",
            description = "PEM CA certificate(s) to trust for a rediss:// URI instead of the JVM's defaults (REDIS_TLS_CA, default: none).")
    Path redisTlsCa;

    @Option(names = "--redis-tls-cert", paramLabel = "FILE", defaultValue = "${env:REDIS_TLS_CERT}",
            description = "PEM client certificate chain for mutual TLS, with --redis-tls-key (REDIS_TLS_CERT, default: none).")
    Path redisTlsCert;

    @Option(names = "--redis-tls-key", paramLabel = "FILE", defaultValue = "${env:REDIS_TLS_KEY}",
            description = "PEM (PKCS#8, unencrypted) private key of --redis-tls-cert (REDIS_TLS_KEY, default: none).")
    Path redisTlsKey;

    @Option(names = "--redis-cluster", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:REDIS_CLUSTER:-false}",
            description = "Connect as a Redis Cluster client (REDIS_CLUSTER, default ${DEFAULT-VALUE}).")
    boolean redisCluster;

    @Option(names = "--redis-timeout", paramLabel = "DURATION", defaultValue = "${env:REDIS_COMMAND_TIMEOUT:-2s}",
            description = "A Redis command without an answer this long fails; its effect is then reconciled "
                    + "(REDIS_COMMAND_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration redisTimeout;

    @Option(names = "--instance-id", paramLabel = "ID", defaultValue = "${env:INSTANCE_ID}",
            description = "This instance's id in the registry (INSTANCE_ID, default: the host name).")
    String instanceId;

    @Option(names = "--event-log", paramLabel = "DIR", defaultValue = "${env:EVENT_LOG_DIR:-event-log}",
            description = "Directory of the event log (EVENT_LOG_DIR, default ${DEFAULT-VALUE}).")
    Path eventLog;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", defaultValue = "${env:HEARTBEAT_INTERVAL:-30s}",
            description = "How often the heartbeat key is written (HEARTBEAT_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--heartbeat-ttl", paramLabel = "DURATION", defaultValue = "${env:HEARTBEAT_TTL:-90s}",
            description = "The heartbeat key's expiry (HEARTBEAT_TTL, default ${DEFAULT-VALUE}).")
    Duration heartbeatTtl;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "${env:GRACE_PERIOD:-15s}",
            description = "How long entries outlive a vanished ingestion (GRACE_PERIOD, default ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--freshness", paramLabel = "DURATION", defaultValue = "${env:FRESHNESS_WINDOW:-5s}",
            description = "A write older than this when Redis runs it acts as a repair (FRESHNESS_WINDOW, default ${DEFAULT-VALUE}).")
    Duration freshness;

    @Option(names = "--reconcile-interval", paramLabel = "DURATION", defaultValue = "${env:RECONCILE_INTERVAL:-30s}",
            description = "Anti-entropy period (RECONCILE_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration reconcileInterval;

    @Option(names = "--ping-interval", paramLabel = "DURATION", defaultValue = "${env:PING_INTERVAL:-5s}",
            description = "How often the ingestion is pinged; 3 unanswered pings drop it (PING_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(names = "--janitor-confirm", paramLabel = "DURATION", defaultValue = "${env:JANITOR_CONFIRM:-60s}",
            description = "How long another instance's heartbeat must stay absent, on every look, before it counts as dead "
                    + "(repairs and the janitor; at least twice --heartbeat-interval) (JANITOR_CONFIRM, default ${DEFAULT-VALUE}).")
    Duration janitorConfirm;

    @Option(names = "--janitor-interval", paramLabel = "DURATION", defaultValue = "${env:JANITOR_INTERVAL}",
            description = "Time between janitor sweeps, which delete the fields of dead instances; shorter than --heartbeat-ttl; "
                    + "0 turns the janitor off, for example when an external janitor already runs "
                    + "(JANITOR_INTERVAL, default 30s, or a third of --heartbeat-ttl when that is shorter).")
    Duration janitorInterval;

    @Option(names = "--janitor-max-deletes", paramLabel = "N", defaultValue = "${env:JANITOR_MAX_DELETES:-5000}",
            description = "Janitor deletes per second at most; 0 for no limit (JANITOR_MAX_DELETES, default ${DEFAULT-VALUE}).")
    int janitorMaxDeletes;

    @Option(names = "--janitor-breaker-hold", paramLabel = "DURATION", defaultValue = "${env:JANITOR_BREAKER_HOLD:-10m}",
            description = "When more than half of the instances look dead the janitor deletes nothing; unless the same ones "
                    + "stayed dead this long with Redis answering (JANITOR_BREAKER_HOLD, default ${DEFAULT-VALUE}).")
    Duration janitorBreakerHold;

    @Option(names = "--janitor-dry-run", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            defaultValue = "${env:JANITOR_DRY_RUN:-false}",
            description = "The janitor reports in its log, status and metrics what it would delete, and deletes nothing "
                    + "(JANITOR_DRY_RUN, default ${DEFAULT-VALUE}).")
    boolean janitorDryRun;

    @Option(names = "--shutdown-wait", paramLabel = "DURATION", defaultValue = "${env:SHUTDOWN_WAIT:-10s}",
            description = "On SIGTERM, how long to wait for the ingestion's shutdown (SHUTDOWN_WAIT, default ${DEFAULT-VALUE}).")
    Duration shutdownWait;

    @Option(names = "--commands", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:COMMANDS:-true}",
            description = "Dispatch outbound commands queued in Redis to the devices held here (design §9); off, the "
                    + "ingestion is told no commands come (COMMANDS, default ${DEFAULT-VALUE}).")
    boolean commands;

    @Option(names = "--command-allow", paramLabel = "PATTERN", split = ",", defaultValue = "${env:COMMAND_ALLOW}",
            description = "Only commands whose text matches one of these globs (* matches any text) are written; any other "
                    + "ends cancelled with reason policy; repeated or comma-separated (COMMAND_ALLOW, default: every command).")
    List<String> commandAllow = new ArrayList<>();

    @Option(names = "--command-max-in-flight", paramLabel = "N",
            defaultValue = "${env:COMMAND_MAX_IN_FLIGHT:-" + CommandDispatchOptions.DEFAULT_MAX_IN_FLIGHT + "}",
            description = "Commands claimed and not ended at once, and outcomes kept while Redis is away "
                    + "(COMMAND_MAX_IN_FLIGHT, default ${DEFAULT-VALUE}).")
    int commandMaxInFlight;

    @Option(names = "--command-sweep-interval", paramLabel = "DURATION", defaultValue = "${env:COMMAND_SWEEP_INTERVAL:-1s}",
            description = "How often expired commands and lapsed leases are swept and queued commands of held devices claimed, "
                    + "so a lost wake-up never loses a command (COMMAND_SWEEP_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration commandSweepInterval;

    @Option(names = "--command-claim-lease", paramLabel = "DURATION", defaultValue = "${env:COMMAND_CLAIM_LEASE:-30s}",
            description = "How long the ingestion has to write a claimed command before its lease lapses and a sweep queues it "
                    + "again, or ends it unknown after its last attempt (COMMAND_CLAIM_LEASE, default ${DEFAULT-VALUE}).")
    Duration commandClaimLease;

    @Option(names = "--command-lease-margin", paramLabel = "DURATION", defaultValue = "${env:COMMAND_LEASE_MARGIN:-5s}",
            description = "Added to a written command's response timeout for its lease, for the reply's trip back through "
                    + "the ingestion and the sidecar (COMMAND_LEASE_MARGIN, default ${DEFAULT-VALUE}).")
    Duration commandLeaseMargin;

    @Option(names = "--command-retention", paramLabel = "DURATION", defaultValue = "${env:COMMAND_RETENTION:-24h}",
            description = "How long a finished command stays readable in Redis (COMMAND_RETENTION, default ${DEFAULT-VALUE}).")
    Duration commandRetention;

    @Option(names = "--command-durability", paramLabel = "MODE", defaultValue = "${env:COMMAND_DURABILITY:-none}",
            description = "What a claim must reach before its command is written: none (Redis' answer; run Redis with AOF and "
                    + "appendfsync always), replicas:N[/TIMEOUT] (WAIT: N replicas acknowledged it) or aof[/TIMEOUT] (WAITAOF, "
                    + "Redis 7.2+ with AOF on); a claim not confirmed within TIMEOUT (default 250ms) is not written and queued "
                    + "again (COMMAND_DURABILITY, default ${DEFAULT-VALUE}).")
    String commandDurability;

    @Mixin
    DaemonOptions daemon;

    @Override
    public Integer call() throws Exception {
        daemon.applyLogging();
        Logger log = LoggerFactory.getLogger(RunCommand.class);
        SidecarOptions options = new SidecarOptions(instanceId(), heartbeatInterval, heartbeatTtl, grace, freshness,
                reconcileInterval, pingInterval, SidecarOptions.DEFAULT_SCAN_PAGE_PAUSE, janitorConfirm);
        CommandDispatchOptions commandOptions = commandOptions();
        JanitorOptions janitor = new JanitorOptions(janitorInterval != null ? janitorInterval
                : JanitorOptions.defaultInterval(heartbeatTtl), janitorMaxDeletes, janitorBreakerHold, janitorDryRun, true);
        janitor.checkAgainst(options);
        RedisSettings redis = new RedisSettings(redisUri, redisCluster, redisTimeout, RedisSettings.DEFAULT_RECONNECT_CAP,
                new RedisTls(redisTlsCa, redisTlsCert, redisTlsKey));
        commandOptions.store().durability().refusalAtStart(redis).ifPresent(refused -> {
            throw new CommandFailure.OperationFailed(refused);
        });
        LocalSocketSettings local = new LocalSocketSettings(socket, PeerCredentialPolicy.ofThisProcess(allowPeerUids),
                maxLocalConnections);
        TerminationSignal signal = TerminationSignal.install();
        SidecarDaemon sidecar;
        try (EventLogJournal journal = openEventLog()) {
            try {
                sidecar = SidecarDaemon.start(options, commandOptions, janitor, redis, local, daemon.metricsPort(), journal, journal);
            } catch (SocketInUseException e) {
                log.error("{}", e.getMessage());
                return ExitCodes.FAILURE;
            }
            signal.await();
            log.info("termination signal received");
            sidecar.stop(shutdownWait);
        }
        return ExitCodes.OK;
    }

    /** The command flags, a bad value refused in one line. */
    private CommandDispatchOptions commandOptions() {
        try {
            ClaimDurability durability = ClaimDurability.parse(commandDurability);
            durability.checkAgainst(redisTimeout);
            if (durability.confirms() && redisCluster) {
                throw new IllegalArgumentException("--command-durability " + durability + " is not supported with --redis-cluster: "
                        + "WAIT would reach a node other than the claim's");
            }
            return new CommandDispatchOptions(commands, commandAllow, commandMaxInFlight, commandSweepInterval,
                    commandClaimLease, commandLeaseMargin,
                    CommandStoreOptions.DEFAULTS.withRetention(commandRetention).withDurability(durability));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure.Usage(e.getMessage());
        }
    }

    /** The event log; a directory that cannot be created or written is a bad setting, named in one line. */
    private EventLogJournal openEventLog() {
        try {
            return EventLogJournal.open(eventLog);
        } catch (IOException e) {
            throw new CommandFailure.Usage("--event-log: cannot open " + eventLog + ": " + e);
        }
    }

    private String instanceId() throws UnknownHostException {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        String host = System.getenv("HOSTNAME");
        return host != null && !host.isBlank() ? host : InetAddress.getLocalHost().getHostName();
    }
}
