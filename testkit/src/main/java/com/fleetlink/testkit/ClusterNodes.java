package com.fleetlink.testkit;

import java.util.List;
import java.util.Optional;

/**
 * One node's {@code CLUSTER NODES} reply, read for the two questions failover tests ask: who serves
 * a slot, and who replicates the node that answered.
 */
record ClusterNodes(List<Node> nodes) {
    /** One line: {@code id ip:port@bus flags master ping pong epoch link slot...}. */
    record Node(String id, int port, List<String> flags, String masterId, List<String> slots) {
        boolean has(String flag) {
            return flags.contains(flag);
        }

        boolean serves(int slot) {
            for (String range : slots) {
                // "[slot->-id]" and "[slot-<-id]" are slots being migrated or imported: not served here yet.
                if (range.startsWith("[")) {
                    continue;
                }
                int dash = range.indexOf('-');
                int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
                if (slot >= first && slot <= last) {
                    return true;
                }
            }
            return false;
        }
    }

    static ClusterNodes parse(String reply) {
        return new ClusterNodes(reply.lines().filter(l -> !l.isBlank()).map(ClusterNodes::node).toList());
    }

    private static Node node(String line) {
        String[] f = line.strip().split(" ");
        String address = f[1];
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
        return new Node(f[0], port, List.of(f[2].split(",")), f[3], List.of(f).subList(8, f.length));
    }

    /** The port of the master that serves {@code slot} and is not marked failed. */
    Optional<Integer> masterOfSlot(int slot) {
        return nodes.stream().filter(n -> n.has("master") && !n.has("fail") && n.serves(slot)).map(Node::port).findFirst();
    }

    /** The port of a replica of the node that answered ({@code myself}). */
    Optional<Integer> replicaOfMyself() {
        String myself = nodes.stream().filter(n -> n.has("myself")).map(Node::id).findFirst().orElse("");
        return nodes.stream().filter(n -> n.has("slave") && n.masterId().equals(myself)).map(Node::port).findFirst();
    }
}
