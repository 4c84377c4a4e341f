package dev.misdirect.core.io;

import dev.misdirect.core.model.MeasuredThrough;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ConnectionTimeline.Bar;
import dev.misdirect.core.timeline.ConnectionTimeline.Lane;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns each exchange of a replay run into a curl command that reproduces it: {@code --resolve} pins the
 * connection to the peer address the replay used, {@code --cacert} trusts the given CA, {@code --http2} or
 * {@code --http1.1} follows the run, and an exchange that travelled on a connection opened for another name is
 * reproduced with the URL of the connection's SNI name and {@code -H 'Host: ...'} naming the request's authority
 * (curl sends it as {@code :authority} over HTTP/2). curl itself never coalesces; each command says so when it
 * matters. Header values and URLs pass through a {@link Redactor}. Pure and thread-safe.
 */
public final class CurlExporter {
    private CurlExporter() {
    }

    /**
     * One command per exchange, in the order they were sent, each preceded by {@code #} comment lines naming the
     * step, the attempt, the connection and what the replay got.
     *
     * @param caCertPath  the CA file for {@code --cacert} (e.g. the lab CA written as PEM); without it, a comment
     *                    says which option to add
     * @param stepHeaders extra request headers per plan step
     */
    public static List<String> commands(ReplayRun run, Optional<String> caCertPath,
                                        Map<Integer, Map<String, String>> stepHeaders, Redactor redactor) {
        ConnectionTimeline t = ConnectionTimeline.of(run.events());
        Map<Integer, String> bodies = PlanSteps.bodies(run);
        Optional<String> proxy = run.through().flatMap(MeasuredThrough::proxy);
        List<String> out = new ArrayList<>();
        for (Bar b : t.bars()) {
            Optional<Lane> lane = t.lane(b.connectionId());
            String authority = b.authority();
            String host = HostPort.hostOf(authority).toLowerCase(Locale.ROOT);
            int port = HostPort.portOf(authority, 443);
            Optional<String> sni = lane.flatMap(Lane::sni);
            boolean mismatch = sni.map(s -> !s.equalsIgnoreCase(host)).orElse(false);
            String urlHost = mismatch ? sni.get() : host;

            StringBuilder c = new StringBuilder();
            c.append("# step ").append(b.step() + 1).append(", attempt ").append(b.attempt()).append(" (exchange #")
                    .append(b.exchangeId()).append(") on connection #").append(b.connectionId())
                    .append(lane.map(l -> " (" + l.label() + ")").orElse("")).append(": replay got ")
                    .append(b.error().map(e -> "an error: " + e).orElse(Integer.toString(b.status())))
                    .append(b.hidden() ? ", hidden by the client's retry" : "").append('\n');
            if (mismatch) {
                c.append("# curl never coalesces (its pool is keyed by host:port), so the connection's SNI ")
                        .append(sni.get()).append(" and the request's authority ").append(authority)
                        .append(" are set apart by hand: the URL names the SNI, -H 'Host: ...' the authority\n");
            } else {
                c.append("# curl never coalesces: every host:port gets its own connection\n");
            }
            if (caCertPath.isEmpty()) {
                c.append("# add --cacert CA.pem to trust the server's CA (the lab CA for lab runs)\n");
            }
            String pinned = lane.map(l -> HostPort.bracketed(l.peerAddress())).orElse("");
            // through a proxy, a connection to the proxy itself means the proxy resolved the name: nothing to pin
            boolean proxyResolved = proxy.isPresent() && lane.map(l -> (pinned + ":" + l.peerPort())
                    .equalsIgnoreCase(proxy.get())).orElse(true);
            proxy.ifPresent(p -> c.append("# through the HTTP proxy ").append(p).append(" (-x): ")
                    .append(proxyResolved ? "the proxy resolved " + urlHost + " itself, so no address is pinned"
                            : "--connect-to names the address the replay reached (--resolve never reaches a proxy's "
                            + "CONNECT)")
                    .append("; if the proxy asks for credentials, add --proxy-user USER and curl asks for the password\n"));
            c.append("curl --silent --show-error --include ").append(run.http1() ? "--http1.1" : "--http2");
            proxy.ifPresent(p -> c.append(" -x ").append(quote("http://" + p)));
            lane.ifPresent(l -> {
                if (proxy.isEmpty()) {
                    c.append(" --resolve ").append(quote(urlHost + ":" + port + ":" + pinned));
                } else if (!proxyResolved) {
                    c.append(" --connect-to ").append(quote(urlHost + ":" + port + ":" + pinned + ":" + l.peerPort()));
                }
            });
            caCertPath.ifPresent(p -> c.append(" --cacert ").append(quote(p)));
            if (!"GET".equals(b.method())) {
                c.append(" -X ").append(quote(b.method()));
            }
            if (mismatch) {
                c.append(" -H ").append(quote("Host: " + redactor.text(hostHeader(authority))));
            }
            Map<String, String> headers = stepHeaders.getOrDefault(b.step(), Map.of());
            headers.forEach((k, v) -> c.append(" -H ").append(quote(k + ": " + redactor.header(k, v))));
            String body = bodies.get(b.step());
            if (body != null) {
                if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
                    c.append(" -H ").append(quote("Content-Type: " + PlanSteps.BODY_MEDIA_TYPE));
                }
                c.append(" --data-raw ").append(quote(redactor.text(body)));
            }
            String url = "https://" + HostPort.bracketed(urlHost) + (port == 443 ? "" : ":" + port) + pathAndQuery(run, b);
            c.append(' ').append(quote(redactor.text(url)));
            out.add(c.toString());
        }
        return out;
    }

    /** The commands as one shell script. */
    public static String script(ReplayRun run, Optional<String> caCertPath, Map<Integer, Map<String, String>> stepHeaders,
                                Redactor redactor) {
        StringBuilder sb = new StringBuilder("#!/bin/sh\n# Replay (").append(run.policy()).append(" policy")
                .append(run.labScenario().map(s -> ", lab scenario " + s).orElse("")).append(") as curl commands\n");
        run.through().ifPresent(t -> sb.append("# measured ").append(t.describe()).append('\n'));
        for (String c : commands(run, caCertPath, stepHeaders, redactor)) {
            sb.append('\n').append(c).append('\n');
        }
        return sb.toString();
    }

    /** The request target: the step URL's path and query when it has one (the timeline's path may lack the query). */
    private static String pathAndQuery(ReplayRun run, Bar b) {
        return run.steps().stream().filter(st -> st.step() == b.step()).findFirst().flatMap(st -> {
            try {
                java.net.URI u = java.net.URI.create(st.url());
                String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
                return Optional.of(path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }).orElse(b.path());
    }

    /** A POSIX shell single-quoted word. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String hostHeader(String authority) {
        return authority.endsWith(":443") ? authority.substring(0, authority.length() - 4) : authority;
    }
}
