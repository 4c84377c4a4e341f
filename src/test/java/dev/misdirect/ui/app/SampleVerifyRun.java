package dev.misdirect.ui.app;

import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.VerifyRun;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.misdirect.ui.app.SampleWorkspace.A;
import static dev.misdirect.ui.app.SampleWorkspace.B;

/** A verify run over {@link SampleWorkspace}'s tenants, illustrative values: b misrouted on a's connection, a fine on b's. */
public final class SampleVerifyRun {
    private SampleVerifyRun() {
    }

    /** B's request misrouted on A's connection (A's backend answered 404 where B's own answered 200); A's shared fine. */
    public static VerifyRun misrouted() {
        PairAnswer own = new PairAnswer("b.tenants.lab.test", "b.tenants.lab.test", 200, Optional.of("h2"),
                Map.of("server", "tenant-b", "content-type", "text/html"), Optional.of("ab".repeat(32)), 120, 50001, 900,
                Optional.empty());
        PairAnswer carried = new PairAnswer("a.tenants.lab.test", "b.tenants.lab.test", 404, Optional.of("h2"),
                Map.of("server", "tenant-a", "content-type", "text/plain"), Optional.of("cd".repeat(32)), 9, 50002, 700,
                Optional.empty());
        PairVerification misrouted = new PairVerification(A, B, "127.0.0.11", PairVerdict.MISROUTED,
                "b.tenants.lab.test's request on a.tenants.lab.test's connection got 404 instead of 200",
                Optional.of(carried), List.of(own, own), List.of("status 404 instead of 200", "server tenant-a"),
                List.of("chromium-h2"));
        PairVerification ok = new PairVerification(B, A, "127.0.0.11", PairVerdict.SHARED_OK, "the same answer",
                Optional.of(own), List.of(own, own), List.of(), List.of("chromium-h2"));
        return new VerifyRun("GET", "/", 2500, 6, Optional.empty(), false, Instant.EPOCH, 1000, false,
                List.of(misrouted, ok));
    }
}
