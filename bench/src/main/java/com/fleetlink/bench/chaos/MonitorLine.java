package com.fleetlink.bench.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of Redis' {@code MONITOR} feed, e.g.
 * {@code 1764230000.123456 [0 127.0.0.1:40000] "EVALSHA" "…" "1" "connections:registry" …} or, for
 * a command a script ran, {@code … [0 lua] "HDEL" "connections:registry" "356…"}.
 *
 * @param micros   when Redis ran it, microseconds since the epoch
 * @param fromLua  run by a script (its caller's line came just before)
 * @param words    the command name (upper case) and its arguments, unquoted
 */
record MonitorLine(long micros, boolean fromLua, List<String> words) {
    private static final String HEARTBEAT_PREFIX = "instance:heartbeat:";

    /** Parses a line; {@code null} for anything that is not a command line (e.g. {@code OK}). */
    static MonitorLine parse(String line) {
        int open = line.indexOf(" [");
        int close = line.indexOf("] ", open);
        if (open <= 0 || close < 0) {
            return null;
        }
        long micros;
        try {
            String stamp = line.substring(0, open);
            int dot = stamp.indexOf('.');
            micros = Long.parseLong(stamp.substring(0, dot)) * 1_000_000L + Long.parseLong(stamp.substring(dot + 1));
        } catch (RuntimeException e) {
            return null;
        }
        String source = line.substring(open + 2, close);
        List<String> words = words(line, close + 2);
        if (words.isEmpty()) {
            return null;
        }
        words.set(0, words.get(0).toUpperCase(java.util.Locale.ROOT));
        return new MonitorLine(micros, source.endsWith(" lua"), words);
    }

    String command() {
        return words.get(0);
    }

    /** Argument {@code i} (0 is the first after the command name), or {@code null}. */
    String arg(int i) {
        return i + 1 < words.size() ? words.get(i + 1) : null;
    }

    int argCount() {
        return words.size() - 1;
    }

    /**
     * The instance a janitor judged dead when this is a client's call of the janitor's
     * {@code delete-dead} script on standalone Redis, else {@code null}. Known by its arguments:
     * {@code EVALSHA sha 3 connections:registry <stamps> instance:heartbeat:<id> <id> imei…}, the
     * only script of the sidecar whose third key is the heartbeat of the instance its first argument names.
     */
    String deleteDeadOwner() {
        if (fromLua || !("EVALSHA".equals(command()) || "EVAL".equals(command())) || !"3".equals(arg(1))
                || !RegistryComparison.REGISTRY.equals(arg(2))) {
            return null;
        }
        String owner = arg(5);
        return owner != null && (HEARTBEAT_PREFIX + owner).equals(arg(4)) ? owner : null;
    }

    /** The quoted words from {@code from}: Redis escapes {@code \" \\ \n \r \t \a \b} and {@code \xHH}. */
    private static List<String> words(String line, int from) {
        List<String> words = new ArrayList<>();
        int i = from;
        while (i < line.length()) {
            if (line.charAt(i) != '"') {
                i++;
                continue;
            }
            StringBuilder word = new StringBuilder();
            i++;
            while (i < line.length() && line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    char e = line.charAt(++i);
                    switch (e) {
                        case 'n' -> word.append('\n');
                        case 'r' -> word.append('\r');
                        case 't' -> word.append('\t');
                        case 'a' -> word.append('\u0007');
                        case 'b' -> word.append('\b');
                        case 'x' -> {
                            word.append((char) Integer.parseInt(line.substring(i + 1, i + 3), 16));
                            i += 2;
                        }
                        default -> word.append(e);
                    }
                } else {
                    word.append(c);
                }
                i++;
            }
            words.add(word.toString());
            i++;
        }
        return words;
    }
}
