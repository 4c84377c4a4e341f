package dev.misdirect.core.io;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Session;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A child process for {@link SessionStoreTest}: autosaves a session into {@code args[0]}, prints "SAVED", then
 * either exits cleanly ({@code args[1]} = "clean") or waits on stdin until it is killed ("crash").
 */
public final class AutosaveChild {
    private AutosaveChild() {
    }

    public static void main(String[] args) throws Exception {
        SessionStore store = new SessionStore(Path.of(args[0]), new SessionCodec());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Autosave autosave = store.startAutosave(scheduler, Duration.ofSeconds(3), false);
        autosave.changed(Session.of("child session " + ProcessHandle.current().pid(), AuthoritySet.empty(),
                Instant.parse("2026-11-27T12:00:00Z")).withNotes("work in progress"));
        autosave.flush();
        System.out.println("SAVED " + ProcessHandle.current().pid());
        System.out.flush();
        if ("clean".equals(args[1])) {
            autosave.close();
            scheduler.shutdownNow();
            System.exit(0);
        }
        System.in.read(); // killed while waiting here
    }
}
