package dev.misdirect.lab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LabLifecycleTest {
    private static final Lab LAB = new Lab(LabCa.open(LabCa.defaultDirectory()));

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    @Test
    void closing_every_scenario_leaves_no_thread_and_frees_every_port() throws Exception {
        String prefix = "lifecycle-test-lab";
        List<RunningLab> labs = new ArrayList<>();
        for (Scenario s : Scenarios.all()) {
            labs.add(LAB.start(s, LabOptions.defaults().withThreadNamePrefix(prefix)));
        }
        List<RunningOrigin> origins = labs.stream().flatMap(l -> l.origins().stream()).toList();
        assertThat(threadsNamed(prefix)).isNotEmpty();
        labs.forEach(RunningLab::close);
        for (Thread t : threadsNamed(prefix)) {
            t.join(5_000);
        }
        assertThat(threadsNamed(prefix)).extracting(Thread::getName).isEmpty();
        for (RunningOrigin o : origins) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(o.endpoint().address()), o.endpoint().port()));
                assertThat(s.getLocalPort()).isEqualTo(o.endpoint().port());
            }
        }
    }

    @Test
    void a_lab_started_from_a_low_priority_thread_serves_on_threads_of_that_priority() throws Exception {
        String prefix = "priority-test-lab";
        java.util.concurrent.atomic.AtomicReference<RunningLab> started = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                started.set(LAB.start(Scenarios.byId("tenants-wildcard"), LabOptions.defaults().withThreadNamePrefix(prefix)));
            } catch (Exception | Error e) {
                failed.set(e);
            }
        }, "low-priority-starter");
        starter.setPriority(Thread.MIN_PRIORITY);
        starter.start();
        starter.join(30_000);
        assertThat(failed.get()).isNull();
        try (RunningLab lab = started.get()) {
            assertThat(lab).isNotNull();
            assertThat(threadsNamed(prefix)).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.getPriority()).as(t.getName()).isEqualTo(Thread.MIN_PRIORITY));
        }
    }

    @Test
    void every_listening_socket_of_a_running_lab_is_bound_to_a_loopback_address() throws Exception {
        Path procTcp = Path.of("/proc/net/tcp");
        Path procTcp6 = Path.of("/proc/net/tcp6");
        assumeTrue(Files.isReadable(procTcp), "needs Linux /proc/net/tcp to list listening sockets");
        List<RunningLab> labs = new ArrayList<>();
        try {
            for (Scenario s : Scenarios.all()) {
                labs.add(LAB.start(s, true));
            }
            Set<Integer> ports = new HashSet<>();
            labs.forEach(l -> ports.add(l.port()));
            List<String> listeners = new ArrayList<>();
            List<String> lines = new ArrayList<>(Files.readAllLines(procTcp));
            if (Files.isReadable(procTcp6)) {
                lines.addAll(Files.readAllLines(procTcp6));
            }
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[3].equals("0A")) { // LISTEN
                    String[] local = f[1].split(":");
                    int port = Integer.parseInt(local[1], 16);
                    if (ports.contains(port)) {
                        listeners.add(address(local[0]) + ":" + port);
                    }
                }
            }
            assertThat(listeners).hasSizeGreaterThanOrEqualTo(labs.stream().mapToInt(l -> l.origins().size()).sum());
            assertThat(listeners).allSatisfy(l -> assertThat(l).startsWith("127."));
        } finally {
            labs.forEach(RunningLab::close);
        }
    }

    /** /proc/net/tcp{,6} addresses: IPv4 as one little-endian word, IPv6 as four; v4-mapped IPv6 shown as IPv4. */
    private static String address(String hex) {
        if (hex.length() == 32) {
            if (!hex.startsWith("0000000000000000FFFF0000")) {
                return "[" + hex + "]";
            }
            hex = hex.substring(24);
        }
        long v = Long.parseLong(hex, 16);
        return String.format(Locale.ROOT, "%d.%d.%d.%d", v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff);
    }

    @Test
    void two_labs_of_the_same_scenario_run_side_by_side_on_different_ports_with_separate_logs() throws Exception {
        Scenario s = Scenarios.byId("tenants-wildcard");
        try (RunningLab one = LAB.start(s, false); RunningLab two = LAB.start(s, false)) {
            assertThat(one.port()).isNotEqualTo(two.port());
            TestClient client = new TestClient(one.caCertificate());
            assertThat(client.get("127.0.0.1", one.port(), "a.tenants.lab.test", "b.tenants.lab.test").status()).isEqualTo(421);
            assertThat(client.get("127.0.0.1", two.port(), "b.tenants.lab.test", "b.tenants.lab.test").status()).isEqualTo(200);
            assertThat(one.serverLog().entries()).extracting(ServedRequest::status).containsExactly(421);
            assertThat(two.serverLog().entries()).extracting(ServedRequest::status).containsExactly(200);
        }
    }

    @Test
    void a_fixed_port_that_is_taken_is_refused_naming_the_port() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> LAB.start(Scenarios.byId("tenants-wildcard"), LabOptions.defaults().withPort(port)))
                    .isInstanceOf(LabStartException.class).hasMessageContaining(Integer.toString(port));
        }
    }

    @Test
    void a_fixed_port_is_used_by_every_origin_of_the_scenario() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.11"), 0));
            port = probe.getLocalPort();
        }
        try (RunningLab running = LAB.start(Scenarios.byId("healthy-separate-ips"), LabOptions.defaults().withPort(port))) {
            assertThat(running.port()).isEqualTo(port);
            assertThat(running.origins()).allSatisfy(o -> assertThat(o.endpoint().port()).isEqualTo(port));
            assertThat(running.authoritySet().authorities()).allSatisfy(a -> assertThat(a.port()).isEqualTo(port));
        }
    }

    @Test
    void closing_twice_is_harmless_and_a_closed_lab_refuses_connections() throws Exception {
        RunningLab running = LAB.start(Scenarios.byId("tenants-wildcard"), false);
        int port = running.port();
        running.close();
        running.close();
        TestClient client = new TestClient(running.caCertificate());
        assertThatThrownBy(() -> client.get("127.0.0.1", port, "a.tenants.lab.test", "a.tenants.lab.test"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void authority_set_resolves_each_lab_name_through_the_name_map() throws Exception {
        try (RunningLab running = LAB.start(Scenarios.byId("ingress-missing-san"), false)) {
            running.authoritySet().authorities().forEach(a ->
                    assertThat(a.resolve()).isEqualTo(running.nameMap().get(a.host())));
            assertThat(running.authoritySet().authorities()).extracting(a -> a.key())
                    .containsExactly("a.ingress.lab.test:" + running.port(), "b.ingress.lab.test:" + running.port());
        }
    }
}
