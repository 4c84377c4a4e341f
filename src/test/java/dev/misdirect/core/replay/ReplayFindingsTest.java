package dev.misdirect.core.replay;

import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.StepOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayFindingsTest {

    @Test
    void a_hidden_421_whose_retry_failed_while_its_connection_opened_names_that_failure_not_a_status() {
        String b = "b.example.test:443";
        AttemptRecord coalesced = new AttemptRecord(2, 1, Optional.of("a.example.test"), b, 421, true, Optional.empty());
        StepOutcome step = new StepOutcome(1, "GET", "https://" + b + "/", b, 0, List.of(coalesced),
                Optional.of(b + ": SocketException: Broken pipe (the server asked for a client certificate in the"
                        + " handshake and the client had none to send)"));

        Finding misdirected = ReplayFindings.of(List.of(step), ConnectionPolicy.COALESCING, true).stream()
                .filter(f -> f.cause() == FindingCause.MISDIRECTED_REQUEST).findFirst().orElseThrow();

        assertThat(misdirected.details())
                .startsWith("exchange x2: :authority b.example.test:443 on connection #1 (SNI a.example.test) → 421")
                .contains("retry on a new connection, before it was sent → failed: handshake refused: the server"
                        + " requires a client certificate")
                .doesNotContain("→ 0");
        assertThat(misdirected.title()).contains("the client retried on a new connection, which failed: handshake"
                + " refused: the server requires a client certificate");
    }
}
