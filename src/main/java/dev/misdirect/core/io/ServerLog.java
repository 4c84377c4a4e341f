package dev.misdirect.core.io;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What a server's log showed: every line with a 421 or an SNI/Host pair, and what could not be read.
 *
 * @param kind        which server's log it is
 * @param source      the file name
 * @param entries     the lines that show a 421 or an SNI/Host pair, in file order
 * @param linesRead   every non-blank line
 * @param otherLines  lines read that show neither (start-up notices, other requests' errors)
 * @param unreadable  how many lines were not in the format at all
 * @param unreadableSamples the first of those lines (line number and text), to show
 * @param zone        the zone its local times were read in, for logs whose times carry none (Apache, nginx)
 */
public record ServerLog(ImportKind kind, String source, List<ServerLogEntry> entries, int linesRead, int otherLines,
                        int unreadable, List<String> unreadableSamples, ZoneId zone) {
    /** How many unreadable lines are kept as samples. */
    public static final int SAMPLES = 5;

    public ServerLog {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(zone, "zone");
        entries = List.copyOf(entries);
        unreadableSamples = List.copyOf(unreadableSamples);
    }

    /** "12 lines: 2 show a 421 or an SNI/Host pair, 9 other lines, 1 unreadable (line 4: ...)". */
    public String summary() {
        return ImportSupport.count(linesRead, "line") + ": " + entries.size() + " with a 421 or an SNI/Host pair, "
                + ImportSupport.count(otherLines, "other line") + ", " + unreadable + " unreadable"
                + (unreadableSamples.isEmpty() ? "" : " (" + String.join("; ", unreadableSamples) + ")");
    }
}
