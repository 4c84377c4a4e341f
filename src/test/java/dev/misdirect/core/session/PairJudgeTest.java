package dev.misdirect.core.session;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairJudgeTest {
    private static final VerifyPlan.Pair PAIR = new VerifyPlan.Pair(Authority.of("a.example", 443),
            Authority.of("b.example", 443), "192.0.2.7", List.of("okhttp"));

    private static PairAnswer answer(String sni, int status, String body, Map<String, String> headers) {
        return new PairAnswer(sni, "b.example", status, Optional.of("h2"), headers, Optional.of(body), body.length(),
                40000, 100, Optional.empty());
    }

    private static PairAnswer own(String body) {
        return answer("b.example", 200, body, Map.of("content-type", "text/html"));
    }

    private static PairVerification judge(PairAnswer carried, PairAnswer own1, PairAnswer own2) {
        return PairJudge.judge(PAIR, Optional.of(answer("a.example", 200, "a", Map.of())), Optional.of(carried),
                List.of(own1, own2), Optional.empty());
    }

    @Test
    void a_body_that_varies_on_bs_own_connection_is_not_compared_and_the_pair_is_shared_ok() {
        PairVerification v = judge(answer("a.example", 200, "page at 10:01", Map.of("content-type", "text/html")),
                own("page at 10:00"), own("page at 10:02"));
        assertThat(v.verdict()).isEqualTo(PairVerdict.SHARED_OK);
        assertThat(v.reason()).contains("body varies");
    }

    @Test
    void a_stable_body_that_differs_is_another_page_misrouted() {
        PairVerification v = judge(answer("a.example", 200, "site a", Map.of("content-type", "text/html")),
                own("site b"), own("site b"));
        assertThat(v.verdict()).isEqualTo(PairVerdict.MISROUTED);
        assertThat(v.differences()).containsExactly("another body (6 bytes, sha256 site a instead of 6 bytes, sha256 site b)");
    }

    @Test
    void a_redirect_to_another_host_is_misrouted_by_its_location() {
        PairAnswer redirect = answer("b.example", 301, "", Map.of("location", "https://b.example/"));
        PairVerification v = judge(answer("a.example", 301, "", Map.of("location", "https://a.example/")),
                redirect, redirect);
        assertThat(v.verdict()).isEqualTo(PairVerdict.MISROUTED);
        assertThat(v.differences()).containsExactly("location https://a.example/ instead of https://b.example/");
    }

    @Test
    void a_reset_stream_on_as_connection_is_misrouted_and_a_421_is_a_refusal() {
        PairAnswer reset = PairAnswer.failed("a.example", "b.example", 40000, "StreamResetException: stream was reset: REFUSED_STREAM");
        assertThat(judge(reset, own("b"), own("b")).verdict()).isEqualTo(PairVerdict.MISROUTED);
        assertThat(judge(answer("a.example", 421, "no", Map.of()), own("b"), own("b")).verdict())
                .isEqualTo(PairVerdict.REFUSED_421);
    }

    @Test
    void bs_own_421_or_failure_and_as_failed_connection_leave_the_pair_untested_with_the_reason() {
        PairVerification own421 = judge(answer("a.example", 200, "b", Map.of()), answer("b.example", 421, "x", Map.of()),
                own("b"));
        assertThat(own421.verdict()).isEqualTo(PairVerdict.UNTESTED);
        assertThat(own421.reason()).contains("b.example's own request").contains("421");

        PairVerification aFailed = PairJudge.judge(PAIR, Optional.of(PairAnswer.failed("a.example", "a.example", -1,
                "SSLPeerUnverifiedException")), Optional.empty(), List.of(own("b"), own("b")), Optional.empty());
        assertThat(aFailed.verdict()).isEqualTo(PairVerdict.UNTESTED);
        assertThat(aFailed.reason()).contains("a.example's connection to 192.0.2.7 failed");
    }

    @Test
    void only_get_or_head_to_a_path_with_a_positive_budget_is_accepted() {
        assertThatThrownBy(() -> VerifyOptions.defaults().withMethod("POST")).hasMessageContaining("only GET or HEAD");
        assertThatThrownBy(() -> VerifyOptions.defaults().withPath("index.html")).hasMessageContaining("must start with /");
        assertThatThrownBy(() -> VerifyOptions.defaults().withBudget(0)).hasMessageContaining("1 or more");
        assertThat(VerifyOptions.defaults().withMethod("HEAD").withPath("/health?x=1").path()).isEqualTo("/health?x=1");
    }
}
