package com.fleetlink.systemtests.support;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana query, which is PromQL with {@code $variables})
 * selects. Not a parser: it removes, in order, what can hold identifiers that are not metrics, and
 * keeps the identifiers left that do not call something.
 * <ol>
 *   <li>string literals (label values, {@code label_replace} arguments) and Grafana variables
 *       ({@code $__rate_interval}, {@code ${datasource}});</li>
 *   <li>label matchers {@code {…}} and ranges or subqueries {@code […]};</li>
 *   <li>the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring},
 *       {@code group_left} and {@code group_right};</li>
 *   <li>then every identifier not followed by {@code (} (a function or aggregation) and not a keyword
 *       ({@code and}, {@code or}, {@code unless}, {@code bool}, {@code offset}, {@code inf}, {@code nan}) is a metric name.</li>
 * </ol>
 * Names stay as written, {@code _bucket}, {@code _count} and {@code _sum} included: a scrape lists
 * samples under exactly those names, so looking the name up as written is stricter than stripping it
 * to its family (which would accept the {@code _bucket} of a summary, a series that never exists).
 */
public final class PromQlNames {
    private static final Pattern STRINGS_AND_VARIABLES = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern MATCHERS_AND_RANGES = Pattern.compile("\\{[^}]*}|\\[[^]]*]");
    private static final Pattern LABEL_LISTS = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\\w:]*\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private PromQlNames() {
    }

    /** The metric names {@code expr} selects, in the order they appear. */
    public static Set<String> of(String expr) {
        String left = STRINGS_AND_VARIABLES.matcher(expr).replaceAll(" ");
        left = MATCHERS_AND_RANGES.matcher(left).replaceAll(" ");
        left = LABEL_LISTS.matcher(left).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(left);
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group().toLowerCase(Locale.ROOT))) {
                names.add(identifier.group());
            }
        }
        return names;
    }
}
