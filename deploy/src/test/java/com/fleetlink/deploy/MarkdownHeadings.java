package com.fleetlink.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The anchors a Markdown file's headings get on GitHub, so a link's {@code #fragment} can be checked. */
final class MarkdownHeadings {
    private static final String FENCE = "```";

    private MarkdownHeadings() {
    }

    /** The anchor of every ATX heading ({@code ## Title}) outside fenced code, where {@code # comment} lines are not headings. */
    static Set<String> anchors(Path markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        boolean inFence = false;
        for (String line : lines(markdown)) {
            if (line.startsWith(FENCE)) {
                inFence = !inFence;
            } else if (!inFence && line.matches("#{1,6} .*")) {
                anchors.add(anchor(line.replaceFirst("^#+ ", "")));
            }
        }
        return anchors;
    }

    /** GitHub's anchor of a heading: lower case, punctuation but {@code -} and {@code _} dropped, spaces as {@code -}. */
    static String anchor(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }

    private static Iterable<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
