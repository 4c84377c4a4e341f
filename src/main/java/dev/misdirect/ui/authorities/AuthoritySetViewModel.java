package dev.misdirect.ui.authorities;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.LineProblem;
import dev.misdirect.ui.common.WorkbenchServices.AuthorityLineParser;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.binding.StringBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The authority-set editor: rows of authority lines, each parsed on its own after every edit so a bad line shows
 * its reason while the good ones stay. Lines come from typing, pasting many at once, or a dropped text file.
 * UI thread only; the parser is pure.
 */
public final class AuthoritySetViewModel {
    /** Refuse files bigger than this (a text list of authorities is tiny). */
    public static final long MAX_FILE_BYTES = 1_000_000;

    private final AuthorityLineParser parser;
    private final ObservableList<AuthorityRow> rows = FXCollections.observableArrayList(
            r -> new Observable[]{r.errorProperty(), r.authorityProperty()});
    private final IntegerBinding problemCount = Bindings.createIntegerBinding(
            () -> (int) rows.stream().filter(r -> !r.isValid()).count(), rows);
    private final StringBinding summary = Bindings.createStringBinding(this::describe, rows);
    private final javafx.beans.property.BooleanProperty tlsSettings =
            new javafx.beans.property.SimpleBooleanProperty(this, "tlsSettings");

    public AuthoritySetViewModel(AuthorityLineParser parser) {
        this.parser = parser;
    }

    public ObservableList<AuthorityRow> rows() {
        return rows;
    }

    public IntegerBinding problemCountProperty() {
        return problemCount;
    }

    /** "6 authorities · 1 line with a problem". */
    public StringBinding summaryProperty() {
        return summary;
    }

    /** Replaces all rows with the authorities of {@code set} and its refused lines (shown with their reason). */
    public void load(AuthoritySet set) {
        List<AuthorityRow> fresh = new ArrayList<>();
        for (Authority a : set.authorities()) {
            AuthorityRow row = newRow();
            row.fill(a);
            fresh.add(row);
        }
        for (LineProblem p : set.problems()) {
            AuthorityRow row = newRow();
            splitInto(row, p.input().strip());
            fresh.add(row);
        }
        rows.setAll(fresh);
    }

    /**
     * Adds one row per non-blank line that is not a comment ({@code #}); returns the number of rows added.
     * Bad lines are kept with their reason, so the user can fix them in place.
     */
    public int paste(String text) {
        List<AuthorityRow> added = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            AuthorityRow row = newRow();
            splitInto(row, l);
            added.add(row);
        }
        rows.addAll(added);
        return added.size();
    }

    /** Reads a dropped or opened text file and pastes its lines. */
    public int importFile(Path file) throws IOException {
        return paste(BoundedFiles.readUtf8(file, MAX_FILE_BYTES, "an authority list"));
    }

    /** Adds an empty row (shown as a problem until filled) and returns it. */
    public AuthorityRow add() {
        AuthorityRow row = newRow();
        rows.add(row);
        return row;
    }

    public void remove(AuthorityRow row) {
        rows.remove(row);
    }

    /** Inserts a copy of {@code row} below it and returns the copy. */
    public AuthorityRow duplicate(AuthorityRow row) {
        AuthorityRow copy = newRow();
        copy.copyFrom(row);
        int at = rows.indexOf(row);
        rows.add(at < 0 ? rows.size() : at + 1, copy);
        return copy;
    }

    /** The good rows as an authority set; the bad ones as problems numbered by their row (1-based). */
    public AuthoritySet authoritySet() {
        List<Authority> good = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            AuthorityRow r = rows.get(i);
            Optional<Authority> a = r.authorityProperty().get();
            if (a.isPresent()) {
                good.add(a.get());
            } else {
                problems.add(new LineProblem(i + 1, r.line(), r.getError()));
            }
        }
        return new AuthoritySet(good, problems, List.of());
    }

    /** Parses the row's line again (called on every cell edit). */
    void validate(AuthorityRow row) {
        String line = row.line();
        if (row.targetProperty().get().isBlank()) {
            row.setParsed(Optional.empty(), "no authority: type host[:port] or a URL");
            return;
        }
        AuthoritySet parsed;
        try {
            parsed = parser.parse(line);
        } catch (RuntimeException e) {
            row.setParsed(Optional.empty(), "cannot parse: " + e.getMessage());
            return;
        }
        if (!parsed.problems().isEmpty()) {
            row.setParsed(Optional.empty(), parsed.problems().get(0).reason());
        } else if (parsed.authorities().size() != 1) {
            row.setParsed(Optional.empty(), "expected one authority on this line, found " + parsed.authorities().size());
        } else {
            row.setParsed(Optional.of(parsed.authorities().get(0)), "");
        }
    }

    private AuthorityRow newRow() {
        AuthorityRow row = new AuthorityRow();
        List.of(row.targetProperty(), row.resolveProperty(), row.sniProperty(), row.hostProperty(), row.tagsProperty())
                .forEach(p -> p.addListener((o, was, now) -> validate(row)));
        validate(row);
        return row;
    }

    /** Splits a line into the row's cells by its {@code key=value} options; unknown words stay in the target. */
    private static void splitInto(AuthorityRow row, String line) {
        StringBuilder target = new StringBuilder();
        List<String> tags = new ArrayList<>();
        for (String word : line.split("\\s+")) {
            int eq = word.indexOf('=');
            String key = eq > 0 ? word.substring(0, eq) : "";
            String value = eq > 0 ? word.substring(eq + 1) : "";
            switch (key) {
                case "resolve" -> row.resolveProperty().set(value);
                case "sni" -> row.sniProperty().set(value);
                case "host" -> row.hostProperty().set(value);
                case "tag" -> tags.add(value);
                default -> target.append(target.length() == 0 ? "" : " ").append(word);
            }
        }
        row.tagsProperty().set(String.join(", ", tags));
        row.targetProperty().set(target.toString());
    }

    private String describe() {
        long bad = rows.stream().filter(r -> !r.isValid()).count();
        long good = rows.size() - bad;
        return good + (good == 1 ? " authority" : " authorities")
                + (bad == 0 ? "" : " · " + bad + (bad == 1 ? " line with a problem" : " lines with problems"));
    }

    /**
     * Whether a probe also runs the TLS settings pass: for each name on each address, the TLS versions, TLS 1.2
     * cipher suites and ALPN protocols accepted when offered one at a time, and the client-certificate mode (at most
     * 12 more handshakes per name and address). Off by default.
     */
    public javafx.beans.property.BooleanProperty tlsSettingsProperty() {
        return tlsSettings;
    }
}
