package dev.misdirect.ui.app;

import dev.misdirect.core.session.Target;
import dev.misdirect.core.session.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProxySettingTest {
    private final ProxySetting setting = new ProxySetting();

    @Test
    void a_proxy_set_goes_on_every_target_it_is_applied_to_and_blank_connects_directly_again() {
        assertThat(setting.set("http://127.0.0.1:3128", "")).isEmpty();
        assertThat(setting.apply(Target.system()).proxy()).hasValueSatisfying(p ->
                assertThat(p.authority()).isEqualTo("127.0.0.1:3128"));

        assertThat(setting.set("  ", "")).isEmpty();
        assertThat(setting.apply(Target.system()).proxy()).isEmpty();
    }

    @Test
    void a_proxy_it_cannot_use_is_refused_with_the_reason_and_the_one_set_before_stays() {
        setting.set("http://127.0.0.1:3128", "");

        assertThat(setting.set("https://127.0.0.1:3128", "")).hasValueSatisfying(r ->
                assertThat(r).contains("https:// proxies (TLS to the proxy itself) are not supported"));
        assertThat(setting.set("http://127.0.0.1", "")).hasValueSatisfying(r -> assertThat(r).startsWith("no port"));
        assertThat(setting.set("http://127.0.0.1:3128", "pw")).hasValueSatisfying(r ->
                assertThat(r).contains("a password needs a user name"));
        assertThat(setting.text()).isEqualTo("http://127.0.0.1:3128");
    }

    @Test
    void the_password_field_gives_the_password_and_the_text_shown_again_never_holds_it() {
        assertThat(setting.set("http://alice@proxy.corp.example:8080", "s3cret")).isEmpty();

        assertThat(setting.proxy()).hasValueSatisfying(p -> assertThat(p.proxyAuthorization())
                .contains("Basic YWxpY2U6czNjcmV0"));
        assertThat(setting.text()).isEqualTo("http://alice@proxy.corp.example:8080");
        assertThat(setting.password()).isEqualTo("s3cret");
        assertThat(setting.apply(Target.system()).toString()).doesNotContain("s3cret");
    }

    @Test
    void the_workbench_sends_sessions_on_the_real_network_through_its_proxy_and_lab_sessions_never(@TempDir Path home) {
        LabController lab = new LabController(TestEngine.labs(home));
        try {
            EngineServices services = new EngineServices(TestEngine.engine(), lab);
            assertThat(services.proxySetting().set("http://127.0.0.1:3128", "")).isEmpty();

            assertThat(services.target(Optional.empty()).proxy()).isPresent();
            assertThat(services.target(Optional.of("healthy-separate-ips")).proxy()).isEmpty();
        } finally {
            lab.stop();
        }
    }
}
