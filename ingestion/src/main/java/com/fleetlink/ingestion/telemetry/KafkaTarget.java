package com.fleetlink.ingestion.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the Kafka sink writes, read from {@code kafka://HOST:PORT[,HOST:PORT…]/TOPIC}.
 *
 * @param bootstrapServers the brokers the producer first asks for the cluster's layout, as {@code host:port}
 * @param topic            the topic every record goes to
 */
public record KafkaTarget(List<String> bootstrapServers, String topic) {
    /** The scheme that names this sink in {@code --telemetry}. */
    public static final String SCHEME = "kafka://";

    // Kafka's own rule for topic names: at most 249 of these characters.
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HOST = Pattern.compile("[a-zA-Z0-9.-]+|\\[[0-9a-fA-F:.]+]");

    public KafkaTarget {
        bootstrapServers = List.copyOf(bootstrapServers);
    }

    /** Whether {@code telemetry} names the Kafka sink. */
    public static boolean isKafka(String telemetry) {
        return telemetry.startsWith(SCHEME);
    }

    /**
     * Reads a {@code kafka://} URI.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static KafkaTarget parse(String uri) {
        if (!isKafka(uri)) {
            throw new IllegalArgumentException("not a " + SCHEME + " URI: " + uri);
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(uri + " names no topic (" + SCHEME + "HOST:PORT[,HOST:PORT...]/TOPIC)");
        }
        String topic = rest.substring(slash + 1);
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("topic '" + topic + "' in " + uri
                    + " is not 1 to 249 letters, digits, '.', '_' or '-'");
        }
        List<String> servers = new ArrayList<>();
        for (String server : rest.substring(0, slash).split(",", -1)) {
            servers.add(checkedServer(server, uri));
        }
        return new KafkaTarget(servers, topic);
    }

    private static String checkedServer(String server, String uri) {
        int colon = server.lastIndexOf(':');
        if (colon < 0 || !HOST.matcher(server.substring(0, colon)).matches()) {
            throw new IllegalArgumentException("broker '" + server + "' in " + uri + " is not HOST:PORT");
        }
        String port = server.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("broker '" + server + "' in " + uri + " has no port 1..65535");
        }
        return server;
    }

    /** The brokers as the producer's {@code bootstrap.servers} setting wants them. */
    public String bootstrapSetting() {
        return String.join(",", bootstrapServers);
    }
}
