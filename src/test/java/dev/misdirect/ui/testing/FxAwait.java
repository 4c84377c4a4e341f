package dev.misdirect.ui.testing;

import javafx.application.Platform;
import javafx.beans.Observable;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits in robot tests on property changes, never on sleeps. */
public final class FxAwait {
    /** How long a wait may take before the test fails. */
    public static final long TIMEOUT_S = 60;

    private FxAwait() {
    }

    /**
     * Waits until {@code condition} holds on the FX thread, re-checked whenever one of {@code deps} changes, then
     * until the FX events it caused are handled.
     *
     * @throws AssertionError naming {@code what} after {@value #TIMEOUT_S} s
     */
    public static void until(String what, BooleanSupplier condition, Observable... deps) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            Runnable check = () -> {
                if (condition.getAsBoolean()) {
                    done.complete(null);
                }
            };
            for (Observable d : deps) {
                d.addListener(o -> check.run());
            }
            check.run();
        });
        try {
            done.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + TIMEOUT_S + " s waiting for " + what);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
