package dev.misdirect.ui.app;

import dev.misdirect.core.probe.DnsServer;
import dev.misdirect.core.session.Target;
import dev.misdirect.core.session.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DnsSettingTest {
    private final DnsSetting setting = new DnsSetting();

    @Test
    void a_dns_server_set_goes_on_every_target_it_is_applied_to_and_blank_asks_the_system_again() {
        assertThat(setting.set("127.0.0.53:5353", true)).isEmpty();
        assertThat(setting.apply(Target.system()).dnsServer()).contains(new DnsServer("127.0.0.53", 5353));
        assertThat(setting.altSvc()).isTrue();
        assertThat(setting.text()).isEqualTo("127.0.0.53:5353");

        assertThat(setting.set(" ", false)).isEmpty();
        assertThat(setting.apply(Target.system()).dnsServer()).isEmpty();
        assertThat(setting.altSvc()).isFalse();
    }

    @Test
    void a_server_named_by_a_host_name_is_refused_with_the_reason_and_the_one_set_before_stays() {
        setting.set("::1", false);

        assertThat(setting.set("dns.example", true)).hasValueSatisfying(r ->
                assertThat(r).contains("'dns.example' is not an IP address"));
        assertThat(setting.set("127.0.0.1:0", true)).isPresent();
        assertThat(setting.text()).isEqualTo("[::1]:53");
        assertThat(setting.altSvc()).as("a refused input changes nothing").isFalse();
    }

    @Test
    void the_workbench_asks_its_dns_server_for_sessions_on_the_real_network_and_never_for_lab_sessions(
            @TempDir Path home) {
        LabController lab = new LabController(TestEngine.labs(home));
        try {
            EngineServices services = new EngineServices(TestEngine.engine(), lab);
            assertThat(services.dnsSetting().set("127.0.0.53", false)).isEmpty();

            assertThat(services.target(Optional.empty()).dnsServer()).contains(new DnsServer("127.0.0.53", 53));
            assertThat(services.target(Optional.of("healthy-separate-ips")).dnsServer()).isEmpty();
        } finally {
            lab.stop();
        }
    }

    @Test
    void with_alt_svc_on_a_probe_of_the_real_network_asks_each_name_and_a_lab_session_is_never_asked(
            @TempDir Path home) {
        LabController lab = new LabController(TestEngine.labs(home));
        try {
            EngineServices services = new EngineServices(TestEngine.engine(), lab);
            dev.misdirect.lab.RunningLab running = lab.runningLab("healthy-separate-ips", false);
            String name = running.nameMap().keySet().iterator().next();
            dev.misdirect.core.model.AuthoritySet pinned = dev.misdirect.core.names.AuthorityParser.parse(name + ":"
                    + running.port() + " resolve=" + running.nameMap().get(name).get(0));
            dev.misdirect.ui.common.Cancellation cancel = new dev.misdirect.ui.common.Cancellation();
            dev.misdirect.ui.common.Progress quiet = dev.misdirect.ui.common.Progress.ignore();

            assertThat(services.inspect(dev.misdirect.ui.common.SessionTarget.system(), pinned, false, quiet, cancel)
                    .results()).as("not asked by default").allSatisfy(r -> assertThat(r.altSvc()).isEmpty());

            assertThat(services.dnsSetting().set("", true)).isEmpty();
            assertThat(services.inspect(dev.misdirect.ui.common.SessionTarget.system(), pinned, false, quiet, cancel)
                    .results()).singleElement().satisfies(r -> assertThat(r.altSvc()).hasValueSatisfying(a ->
                    assertThat(a.request()).startsWith("HEAD / to ")));
            assertThat(services.inspect(dev.misdirect.ui.common.SessionTarget.lab("healthy-separate-ips"),
                    running.authoritySet(), false, quiet, cancel).results())
                    .isNotEmpty().allSatisfy(r -> assertThat(r.altSvc()).isEmpty());
        } finally {
            lab.stop();
        }
    }
}
