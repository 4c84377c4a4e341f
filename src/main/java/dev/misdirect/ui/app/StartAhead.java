package dev.misdirect.ui.app;

import dev.misdirect.core.io.Redactor;
import dev.misdirect.core.names.DnsName;
import dev.misdirect.lab.Scenarios;
import dev.misdirect.ui.lab.LabScenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.xml.stream.XMLInputFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a start of the workbench does ahead of the FX thread, on a second core, from before the JavaFX toolkit starts
 * (which takes a few hundred milliseconds of its own): loads and links the window's classes ({@link ClassWarmup}'s
 * window list), starts the logging, initialises the tables the first screen and the first authority set need (IDNA,
 * redaction patterns, the lab's scenario catalogue and the gallery's view of it, with its record methods linked) and
 * the XML reader factory the screens' FXML is read with. Each of these would otherwise be done on the FX thread,
 * first time and interpreted, while the window waits. None of it touches JavaFX, so it cannot race the toolkit.
 *
 * <p>At the FX thread's priority, not the engine's: the FX thread waits for a class another thread is initialising.
 * Begun once per JVM ({@link WorkbenchLauncher}, and the start benchmark as it does); a second {@link #begin()}
 * returns the first one's future.
 */
public final class StartAhead {
    private static final AtomicReference<CompletableFuture<Integer>> BEGUN = new AtomicReference<>();

    private StartAhead() {
    }

    /** Begins the work on a daemon thread; completes with how many of the window's classes it loaded. */
    public static CompletableFuture<Integer> begin() {
        CompletableFuture<Integer> mine = new CompletableFuture<>();
        if (!BEGUN.compareAndSet(null, mine)) {
            return BEGUN.get();
        }
        Thread t = new Thread(() -> {
            try {
                mine.complete(run());
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
            }
        }, "misdirect-start-ahead");
        t.setDaemon(true);
        t.start();
        return mine;
    }

    /** Whether {@link #begin()} was called in this JVM. */
    static boolean begun() {
        return BEGUN.get() != null;
    }

    private static int run() {
        Logger log = LoggerFactory.getLogger(StartAhead.class); // the logging's start, here and not on the FX thread
        ClassLoader loader = StartAhead.class.getClassLoader();
        int loaded = 0;
        try {
            if (ClassWarmup.enabled()) {
                loaded = ClassWarmup.warm(ClassWarmup.names(ClassWarmup.WINDOW), loader);
            }
        } catch (java.io.IOException e) {
            log.warn("cannot warm the window's classes: {}", e.getMessage());
        }
        for (Class<?> c : List.of(DnsName.class, Redactor.class, Scenarios.class)) {
            try {
                Class.forName(c.getName(), true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                log.warn("cannot initialise {} ahead of use: {}", c.getSimpleName(),
                        e.toString());
            }
        }
        // the gallery's scenarios, made once per JVM (LabController), with their record methods linked: the gallery's
        // selection compares them when it is set
        List<LabScenario> gallery = LabController.gallery();
        if (gallery.size() > 1) {
            boolean same = gallery.get(0).equals(gallery.get(1));
            log.trace("first two lab scenarios equal: {}", same);
        }
        XMLInputFactory.newFactory(); // FXMLLoader asks for one per file; the first finds the implementation
        return loaded;
    }
}
