package dev.misdirect.ui.app;

import dev.misdirect.ui.shell.Theme;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Remembers the window's position, size, theme and recent session files in a small properties file
 * ({@code window.properties} under the Misdirect home: {@code -Dmisdirect.home} or {@code ~/.misdirect}). A missing,
 * unreadable or damaged file means "no saved state", never an error dialog. Blocking file I/O, called at start and
 * at close.
 */
public final class WindowPrefs {

    /** What is remembered. */
    public record State(double x, double y, double width, double height, boolean maximized, Theme theme,
                        List<Path> recent) {
        public State {
            recent = List.copyOf(recent);
        }
    }

    private final Path file;

    public WindowPrefs(Path file) {
        this.file = file;
    }

    /** The prefs file under {@code home}. */
    public static WindowPrefs in(Path home) {
        return new WindowPrefs(home.resolve("window.properties"));
    }

    /** The Misdirect home directory from {@code misdirect.home}, else {@code ~/.misdirect}. */
    public static Path home() {
        String configured = System.getProperty("misdirect.home");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".misdirect");
    }

    public Optional<State> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            double w = Double.parseDouble(p.getProperty("width"));
            double h = Double.parseDouble(p.getProperty("height"));
            if (!(w >= 200 && h >= 150 && w < 100_000 && h < 100_000)) {
                return Optional.empty();
            }
            List<Path> recent = new ArrayList<>();
            for (int i = 0; p.getProperty("recent." + i) != null; i++) {
                recent.add(Path.of(p.getProperty("recent." + i)));
            }
            // a theme this version does not know (edited by hand, or left by a later version) opens light
            Theme theme = Theme.parse(p.getProperty("theme", "")).orElse(Theme.LIGHT);
            return Optional.of(new State(Double.parseDouble(p.getProperty("x")), Double.parseDouble(p.getProperty("y")),
                    w, h, Boolean.parseBoolean(p.getProperty("maximized")), theme, recent));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void save(State s) throws IOException {
        Properties p = new Properties();
        p.setProperty("x", Double.toString(s.x()));
        p.setProperty("y", Double.toString(s.y()));
        p.setProperty("width", Double.toString(s.width()));
        p.setProperty("height", Double.toString(s.height()));
        p.setProperty("maximized", Boolean.toString(s.maximized()));
        p.setProperty("theme", s.theme().name());
        for (int i = 0; i < s.recent().size(); i++) {
            p.setProperty("recent." + i, s.recent().get(i).toString());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "Misdirect window state");
        }
    }
}
