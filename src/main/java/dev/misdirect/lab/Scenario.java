package dev.misdirect.lab;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One lab scenario: a production cause of 421 reproduced on loopback, as data. It has two variants, the broken
 * one ({@link #broken()}) and the one with its fix applied ({@link #fixed()}, for "try the fix"). Ports are
 * unknown until the lab runs; text fields that mention them use the placeholder {@link #PORT}.
 *
 * @param id        stable identifier used by the CLI and sessions ({@code tenants-wildcard})
 * @param title     one line for lists
 * @param narrative what happens and why, a short paragraph
 * @param fix       the fix in words
 * @param broken    the variant that shows the problem
 * @param fixed     the variant with the fix applied
 */
public record Scenario(String id, String title, String narrative, String fix, Variant broken, Variant fixed) {
    /** Placeholder for the lab's port in plan and demo templates. */
    public static final String PORT = "{port}";

    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(broken, "broken");
        Objects.requireNonNull(fixed, "fixed");
    }

    /** The broken variant, or the fixed one when {@code fixed}. */
    public Variant variant(boolean fixed) {
        return fixed ? this.fixed : broken;
    }

    /**
     * One runnable configuration of a scenario.
     *
     * @param certificates the leaf certificates its origins serve
     * @param origins      the servers, all on the same port (each on its own loopback address)
     * @param nameMap      lab host name to loopback addresses, the lab's own DNS
     * @param planTemplate the default replay plan, {@link #PORT} standing for the port
     * @param expectations what each replay policy sees with the 421 retry off
     * @param demos        single requests for curl and for tests, each with the status it gets
     * @param diagram      boxes and arrows for the workbench and reports
     * @param passthroughs TLS passthrough proxies in front of some origins (their backends)
     */
    public record Variant(List<CertificateSpec> certificates, List<OriginSpec> origins,
                          Map<String, List<String>> nameMap, String planTemplate, List<Expectation> expectations,
                          List<Demo> demos, Diagram diagram, List<PassthroughSpec> passthroughs) {
        /** A variant without passthrough proxies. */
        public Variant(List<CertificateSpec> certificates, List<OriginSpec> origins, Map<String, List<String>> nameMap,
                       String planTemplate, List<Expectation> expectations, List<Demo> demos, Diagram diagram) {
            this(certificates, origins, nameMap, planTemplate, expectations, demos, diagram, List.of());
        }

        public Variant {
            certificates = List.copyOf(certificates);
            origins = List.copyOf(origins);
            Map<String, List<String>> m = new LinkedHashMap<>();
            nameMap.forEach((k, v) -> m.put(k, List.copyOf(v)));
            nameMap = java.util.Collections.unmodifiableMap(m);
            expectations = List.copyOf(expectations);
            demos = List.copyOf(demos);
            passthroughs = List.copyOf(passthroughs);
            for (PassthroughSpec p : passthroughs) {
                for (String backend : p.backends()) {
                    if (origins.stream().noneMatch(o -> o.name().equals(backend))) {
                        throw new IllegalArgumentException("passthrough " + p.name() + " routes to unknown origin "
                                + backend);
                    }
                }
            }
            for (OriginSpec o : origins) {
                for (VirtualHost v : o.vhosts()) {
                    if (certificates.stream().noneMatch(c -> c.id().equals(v.certificate()))) {
                        throw new IllegalArgumentException("vhost " + v.name() + " of " + o.name()
                                + " names unknown certificate " + v.certificate());
                    }
                }
            }
        }

        /** The authority set clients use on {@code port}: one authority per lab name, resolved by the name map. */
        public AuthoritySet authoritySet(int port) {
            return AuthoritySet.of(nameMap.entrySet().stream()
                    .map(e -> Authority.of(e.getKey(), port).withResolve(e.getValue()))
                    .toList());
        }

        /** The replay plan text with the port filled in. */
        public String planText(int port) {
            return planTemplate.replace(PORT, Integer.toString(port));
        }

        /** The expectation for a replay policy. */
        public Optional<Expectation> expectation(ConnectionPolicy policy) {
            return expectations.stream().filter(e -> e.policy() == policy).findFirst();
        }

        /** The origin with this name. */
        public Optional<OriginSpec> origin(String name) {
            return origins.stream().filter(o -> o.name().equals(name)).findFirst();
        }

        /** True when a passthrough proxy splices connections to this origin (it then reads a PROXY protocol line). */
        public boolean behindPassthrough(String originName) {
            return passthroughs.stream().anyMatch(p -> p.backends().contains(originName));
        }
    }

    /**
     * A TLS passthrough proxy: routes each connection by the SNI of its ClientHello, without terminating TLS.
     *
     * @param name     short name for logs and diagrams
     * @param address  loopback IPv4 address it binds to (on the lab's port)
     * @param routes   SNI (lower case) → the origin the connection is spliced to
     * @param fallback the origin for a connection without SNI or with an SNI no route names
     */
    public record PassthroughSpec(String name, String address, Map<String, String> routes, String fallback) {
        public PassthroughSpec {
            routes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(routes));
            if (!address.startsWith("127.")) {
                throw new IllegalArgumentException("passthrough " + name + " must bind to loopback, not " + address);
            }
        }

        /** Every origin it splices connections to. */
        public List<String> backends() {
            List<String> all = new java.util.ArrayList<>(routes.values());
            all.add(fallback);
            return all.stream().distinct().toList();
        }
    }

    /**
     * A leaf certificate a variant needs.
     *
     * @param id       leaf identifier (also its file name stem in the CA directory)
     * @param dnsNames its subjectAltName dNSName entries
     */
    public record CertificateSpec(String id, List<String> dnsNames) {
        public CertificateSpec {
            dnsNames = List.copyOf(dnsNames);
        }
    }

    /** What an origin is in the scenario's story. */
    public enum Role {
        /** A single origin server. */
        ORIGIN,
        /** One of several nodes serving the same names. */
        NODE,
        /** A reverse proxy in front of an upstream. */
        PROXY,
        /** The server behind a proxy; clients never reach it directly. */
        UPSTREAM
    }

    /**
     * One HTTPS server of a scenario.
     *
     * @param name    short name shown in logs and diagrams ({@code tenant-router}, {@code node-2})
     * @param role    what it is in the story
     * @param address loopback IPv4 address it binds to
     * @param rule    how it decides 421
     * @param vhosts  its virtual hosts; the first is the default for unknown or missing SNI
     * @param proxy   for a proxy: where it forwards and how it keys its upstream pool
     */
    public record OriginSpec(String name, Role role, String address, RoutingRule rule, List<VirtualHost> vhosts,
                             Optional<ProxySpec> proxy) {
        public OriginSpec {
            vhosts = List.copyOf(vhosts);
            if (vhosts.isEmpty()) {
                throw new IllegalArgumentException("origin " + name + " needs at least one vhost");
            }
            if (!address.startsWith("127.")) {
                throw new IllegalArgumentException("origin " + name + " must bind to loopback, not " + address);
            }
        }
    }

    /**
     * A virtual host: the names it answers for and its declared TLS settings.
     *
     * @param name          vhost name for messages
     * @param serverNames   names it serves (a leading {@code *.} matches one label)
     * @param certificate   id of the {@link CertificateSpec} it presents
     * @param tlsProtocols  protocols it accepts ({@code TLSv1.2}, {@code TLSv1.3}); a handshake whose SNI selects it
     *                      with another protocol is refused
     * @param verifyClient  whether it verifies client certificates (nginx {@code ssl_verify_client})
     */
    public record VirtualHost(String name, List<String> serverNames, String certificate, List<String> tlsProtocols,
                              boolean verifyClient) {
        public VirtualHost {
            serverNames = List.copyOf(serverNames);
            tlsProtocols = List.copyOf(tlsProtocols);
        }

        /** True when {@code host} (lower-case, no port) is one of its names. */
        public boolean serves(String host) {
            for (String n : serverNames) {
                if (n.startsWith("*.")) {
                    int dot = host.indexOf('.');
                    if (dot > 0 && host.substring(dot + 1).equals(n.substring(2))) {
                        return true;
                    }
                } else if (n.equals(host)) {
                    return true;
                }
            }
            return false;
        }

        /** Apache's test: same certificate, protocols and client verification ("TLS compatible"). */
        public boolean tlsCompatibleWith(VirtualHost other) {
            return certificate.equals(other.certificate) && tlsProtocols.equals(other.tlsProtocols)
                    && verifyClient == other.verifyClient;
        }
    }

    /** How a proxy reaches its upstream. */
    public enum PoolKey {
        /** Upstream connections are shared by every request to the same IP and port (the bug). */
        IP_AND_PORT,
        /** One upstream connection per authority (the fix). */
        AUTHORITY
    }

    /**
     * A proxy's upstream configuration.
     *
     * @param upstream name of the origin it forwards to
     * @param poolKey  how its upstream connection pool is keyed
     * @param sendSni  whether its upstream connections send SNI (nginx {@code proxy_ssl_server_name}, off by default)
     */
    public record ProxySpec(String upstream, PoolKey poolKey, boolean sendSni) {
        /** A proxy that sends the authority's name as SNI upstream. */
        public ProxySpec(String upstream, PoolKey poolKey) {
            this(upstream, poolKey, true);
        }
    }

    /**
     * What running the default plan shows under one replay policy, with the client's 421 retry off.
     *
     * @param policy        the connection policy of the replay
     * @param misdirected   number of 421 responses
     * @param misrouted     number of requests answered by another site, or with no route, instead of their own site
     *                      (no 421: nothing retries them)
     * @param finalStatuses the status of each plan step (0 = no response, e.g. a certificate name mismatch)
     * @param explanation   why, in one or two sentences
     */
    public record Expectation(ConnectionPolicy policy, int misdirected, int misrouted, List<Integer> finalStatuses,
                              String explanation) {
        public Expectation {
            finalStatuses = List.copyOf(finalStatuses);
        }

        /** An expectation without misrouted requests. */
        public Expectation(ConnectionPolicy policy, int misdirected, List<Integer> finalStatuses, String explanation) {
            this(policy, misdirected, 0, finalStatuses, explanation);
        }

        /** True when every request got its own answer: no 421 and nothing misrouted. */
        public boolean clean() {
            return misdirected == 0 && misrouted == 0;
        }
    }

    /**
     * One request shown as a curl command and checked by tests: sent over a new connection to {@code address}
     * with SNI {@code sni} and Host {@code host}.
     *
     * @param label          what it shows
     * @param sni            the host of the URL, sent as SNI
     * @param host           the Host / {@code :authority} sent (equal to {@code sni} for a plain request)
     * @param address        the loopback address it connects to (a name-map address of {@code sni})
     * @param expectedStatus the status it gets, 0 when the handshake fails (certificate name mismatch)
     */
    public record Demo(String label, String sni, String host, String address, int expectedStatus) {
    }
}
