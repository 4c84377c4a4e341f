package dev.misdirect.core.io;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionStoreTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    static Session session(String title) {
        return Session.of(title, AuthoritySet.empty(), Instant.parse("2026-11-27T12:00:00Z"));
    }

    @Test
    void a_killed_process_leaves_its_autosave_to_recover(@TempDir Path home) throws Exception {
        long pid = runChild(home, "crash");
        Optional<SessionStore.RecoverableSession> r = new SessionStore(home, new SessionCodec()).findRecoverable();
        assertThat(r).isPresent();
        assertThat(r.get().pid()).isEqualTo(pid);
        assertThat(r.get().session().title()).isEqualTo("child session " + pid);
        assertThat(r.get().session().notes()).isEqualTo("work in progress");
    }

    @Test
    void a_clean_exit_leaves_nothing_to_recover(@TempDir Path home) throws Exception {
        runChild(home, "clean");
        SessionStore store = new SessionStore(home, new SessionCodec());
        assertThat(store.findRecoverable()).isEmpty();
        assertThat(home.resolve("autosave").resolve(SessionStore.LAST_EXIT)).exists();
    }

    @Test
    void the_running_process_own_autosave_is_not_offered_for_recovery(@TempDir Path home) throws Exception {
        SessionStore store = new SessionStore(home, new SessionCodec());
        try (Autosave a = store.startAutosave(scheduler, Duration.ofHours(1), false)) {
            a.changed(session("mine"));
            a.flush();
            assertThat(a.file()).exists();
            assertThat(store.findRecoverable()).isEmpty();
        }
    }

    @Test
    void discarding_a_recoverable_session_removes_it(@TempDir Path home) throws Exception {
        runChild(home, "crash");
        SessionStore store = new SessionStore(home, new SessionCodec());
        store.discard(store.findRecoverable().orElseThrow());
        assertThat(store.findRecoverable()).isEmpty();
    }

    @Test
    void the_timer_writes_a_changed_session_without_an_explicit_flush(@TempDir Path home) throws Exception {
        SessionStore store = new SessionStore(home, new SessionCodec());
        try (Autosave a = store.startAutosave(scheduler, Duration.ofMillis(20), false)) {
            a.changed(session("timed"));
            // wait on the scheduler: a task queued after the autosave tick runs once that tick has run
            for (int i = 0; i < 500 && !Files.exists(a.file()); i++) {
                scheduler.schedule(() -> { }, 20, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
            }
            assertThat(new SessionCodec().read(a.file()).title()).isEqualTo("timed");
        }
    }

    @Test
    void autosave_and_save_remove_secrets_unless_the_user_opts_in(@TempDir Path home) throws Exception {
        SessionStore store = new SessionStore(home, new SessionCodec());
        Session s = session("secrets").withNotes("Authorization: Bearer PLANTEDabc123 and ?token=PLANTEDdef456");
        store.save(s, home.resolve("redacted.json"), false);
        store.save(s, home.resolve("kept.json"), true);
        assertThat(Files.readString(home.resolve("redacted.json"))).doesNotContain("PLANTED");
        assertThat(Files.readString(home.resolve("kept.json"))).contains("PLANTEDabc123", "PLANTEDdef456");
        try (Autosave a = store.startAutosave(scheduler, Duration.ofHours(1), false)) {
            a.changed(s);
            a.flush();
            assertThat(Files.readString(a.file())).doesNotContain("PLANTED");
        }
    }

    @Test
    void a_saved_session_reopens_identically_and_is_owner_only(@TempDir Path home) throws Exception {
        SessionStore store = new SessionStore(home, new SessionCodec());
        Session s = dev.misdirect.core.report.SampleSessions.realistic();
        Path file = home.resolve("s.json");
        store.save(s, file, false);
        assertThat(store.open(file)).isEqualTo(s);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void default_home_follows_the_misdirect_home_property() {
        String old = System.getProperty("misdirect.home");
        try {
            System.setProperty("misdirect.home", "/tmp/mh-test");
            assertThat(SessionStore.defaultHome()).isEqualTo(Path.of("/tmp/mh-test"));
            System.clearProperty("misdirect.home");
            assertThat(SessionStore.defaultHome()).isEqualTo(Path.of(System.getProperty("user.home"), ".misdirect"));
        } finally {
            if (old != null) {
                System.setProperty("misdirect.home", old);
            }
        }
    }

    @Test
    void opening_garbage_names_the_file(@TempDir Path home) throws Exception {
        Path f = home.resolve("bad.json");
        Files.writeString(f, "{\"formatVersion\": 1, \"title\": ");
        assertThatThrownBy(() -> new SessionStore(home, new SessionCodec()).open(f))
                .isInstanceOf(SessionFormatException.class).hasMessageContaining("bad.json:1:");
    }

    /** Runs {@link AutosaveChild}; waits for its "SAVED" line, then kills it (crash) or waits for its exit. */
    private static long runChild(Path home, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                AutosaveChild.class.getName(), home.toString(), mode)).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    String l;
                    while ((l = out.readLine()) != null && !l.startsWith("SAVED ")) {
                        // skip other output (JVM warnings)
                    }
                    return l;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(line).as("child output").startsWith("SAVED ");
            if ("crash".equals(mode)) {
                p.destroyForcibly();
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            if ("clean".equals(mode)) {
                assertThat(p.exitValue()).isZero();
            }
            return Long.parseLong(line.substring("SAVED ".length()).trim());
        } finally {
            p.destroyForcibly();
        }
    }
}
