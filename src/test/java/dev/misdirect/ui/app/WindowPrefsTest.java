package dev.misdirect.ui.app;

import dev.misdirect.ui.shell.Theme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowPrefsTest {
    @Test
    void the_window_state_survives_a_save_and_load(@TempDir Path home) throws IOException {
        WindowPrefs prefs = WindowPrefs.in(home.resolve("nested"));
        WindowPrefs.State s = new WindowPrefs.State(40, 60, 1280, 720, false, Theme.DARK,
                List.of(Path.of("/tmp/a.json"), Path.of("/tmp/b.json")));
        prefs.save(s);
        assertThat(prefs.load()).contains(s);
    }

    @Test
    void the_theme_is_read_by_name_and_one_this_version_does_not_know_opens_light(@TempDir Path home) throws IOException {
        WindowPrefs prefs = WindowPrefs.in(home);
        String window = "x=0\ny=0\nwidth=800\nheight=600\n";
        Files.writeString(home.resolve("window.properties"), window + "theme=dark\n");
        assertThat(prefs.load()).map(WindowPrefs.State::theme).contains(Theme.DARK);
        Files.writeString(home.resolve("window.properties"), window + "theme=SOLARIZED\n");
        assertThat(prefs.load()).map(WindowPrefs.State::theme).contains(Theme.LIGHT);
        Files.writeString(home.resolve("window.properties"), window);
        assertThat(prefs.load()).map(WindowPrefs.State::theme).contains(Theme.LIGHT);
    }

    @Test
    void a_missing_or_damaged_file_means_no_saved_state(@TempDir Path home) throws IOException {
        WindowPrefs prefs = WindowPrefs.in(home);
        assertThat(prefs.load()).isEmpty();
        Files.writeString(home.resolve("window.properties"), "width=wide\nheight=\n");
        assertThat(prefs.load()).isEmpty();
        Files.writeString(home.resolve("window.properties"), "x=0\ny=0\nwidth=5\nheight=5\n");
        assertThat(prefs.load()).as("a window too small to use is not restored").isEmpty();
    }

    @Test
    void the_home_comes_from_misdirect_home_when_set() {
        String before = System.getProperty("misdirect.home");
        try {
            System.setProperty("misdirect.home", "/tmp/md-home-test");
            assertThat(WindowPrefs.home()).isEqualTo(Path.of("/tmp/md-home-test"));
        } finally {
            if (before == null) {
                System.clearProperty("misdirect.home");
            } else {
                System.setProperty("misdirect.home", before);
            }
        }
    }
}
