package dev.misdirect.core.replay;

import dev.misdirect.core.timeline.ExchangeText;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.FailureKind;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.timeline.ServerView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Explains a run in sentences: each kind of 421 (with the connection it travelled on, its SNI and what happened
 * next), hidden retries, shared connections that worked, and failures. Repeats of the same situation are folded
 * into one finding with a count. Pure.
 */
final class ReplayFindings {
    private ReplayFindings() {
    }

    static List<Finding> of(List<StepOutcome> outcomes, ConnectionPolicy policy, boolean retry421) {
        Map<String, Folded> folded = new LinkedHashMap<>();
        for (StepOutcome o : outcomes) {
            List<AttemptRecord> attempts = o.attempts();
            for (int i = 0; i < attempts.size(); i++) {
                AttemptRecord a = attempts.get(i);
                Optional<AttemptRecord> next = i + 1 < attempts.size() ? Optional.of(attempts.get(i + 1)) : Optional.empty();
                String host = HostPort.hostOf(a.authority());
                boolean borrowed = a.sni().map(s -> !s.equalsIgnoreCase(host)).orElse(false);
                String on = (borrowed ? "reused" : "travelled on") + " connection #" + a.connectionId()
                        + " opened with SNI " + a.sni().orElse("(none)");
                if (a.status() == 421) {
                    String what = "request " + (o.step() + 1) + " for " + host + " " + on + "; the origin answered 421";
                    String then;
                    if (a.hidden() && next.isPresent()) {
                        then = "; the client retried on " + (next.get().connectionId() != a.connectionId() ? "new " : "")
                                + "connection #" + next.get().connectionId()
                                + next.get().sni().map(s -> " (SNI " + s + ")").orElse("")
                                + (next.get().status() > 0 ? ", which answered " + next.get().status()
                                : ", which failed" + o.error().map(e -> ": " + FailureKind.ofMessage(e).words())
                                .orElse(""));
                    } else if (a.hidden()) {
                        then = "; the client retried on a new connection, which failed"
                                + o.error().map(e -> ": " + FailureKind.ofMessage(e).words()).orElse("");
                    } else if (borrowed && !retry421) {
                        then = "; with 421 retry off the caller got the 421";
                    } else {
                        then = "; the client does not retry a 421 on a connection opened for the request's own name,"
                                + " so the caller got it";
                    }
                    FindingCause cause = borrowed && policy == ConnectionPolicy.IP_KEYED ? FindingCause.IP_KEYED_POOL
                            : FindingCause.MISDIRECTED_REQUEST;
                    String key = "421|" + host + "|" + a.sni().orElse("") + "|" + a.hidden();
                    folded.computeIfAbsent(key, k -> new Folded(cause, Severity.PROBLEM, what + then,
                            details(a, next, o.error()), explanation(policy, borrowed), fix(policy, borrowed),
                            keys(o, a))).count++;
                    if (a.hidden()) {
                        folded.computeIfAbsent("hidden|" + host + "|" + a.sni().orElse(""), k -> new Folded(
                                FindingCause.HIDDEN_RETRY, Severity.WARNING,
                                "the client hid a 421 for " + host + ": the caller only saw "
                                        + (o.finalStatus() > 0 ? String.valueOf(o.finalStatus()) : "the retry's failure"),
                                "exchange " + ExchangeText.exchange(a.exchangeId()) + " on connection #" + a.connectionId() + " was answered 421"
                                        + " and retried without telling the caller; only the event log shows it.",
                                "OkHttp (RetryAndFollowUpInterceptor), Chromium and Firefox retry a 421 once on a"
                                        + " fresh connection when the first one was shared, so applications never"
                                        + " see it; the cost is an extra round trip and a new TLS handshake.",
                                "Keep the retry (it is correct), but fix the sharing: see the 421 finding.",
                                keys(o, a))).count++;
                    }
                } else if (borrowed && a.status() > 0) {
                    folded.computeIfAbsent("shared|" + host + "|" + a.sni().orElse(""), k -> new Folded(
                            policy == ConnectionPolicy.IP_KEYED ? FindingCause.IP_KEYED_POOL
                                    : FindingCause.COALESCING_PRECONDITION, Severity.INFO,
                            "request " + (o.step() + 1) + " for " + host + " " + on + "; the origin answered "
                                    + a.status(),
                            details(a, Optional.empty(), Optional.empty()),
                            policy == ConnectionPolicy.IP_KEYED
                                    ? "A pool keyed by IP:port sends any name's request on the first connection to"
                                    + " that address; this origin accepted it."
                                    : "HTTP/2 lets a client reuse a connection for another name that resolves to the"
                                    + " same address when the certificate covers it (RFC 9113 §9.1.1); this origin"
                                    + " accepted the shared connection.",
                            "Nothing to fix while the origin accepts it; a change of certificate, vhost or TLS"
                                    + " settings per name would turn this into a 421.",
                            keys(o, a))).count++;
                }
            }
            o.error().filter(e -> !e.contains("cancelled")).ifPresent(error -> {
                FailureKind kind = FailureKind.ofMessage(error);
                folded.computeIfAbsent("error|" + o.authority() + "|" + error, k -> new Folded(failureCause(error, kind),
                        Severity.PROBLEM, "request " + (o.step() + 1) + " for " + o.authority() + " failed: "
                        + kind.words(), error,
                        o.sawMisdirected() ? "The request was answered 421 first, and its retry got no response: the "
                                + "caller saw the failure." : "The request got no response, so it says nothing about "
                                + "coalescing.",
                        kind.fix(), List.of(o.authority()))).count++;
            });
        }
        List<Finding> out = new ArrayList<>();
        for (Folded f : folded.values()) {
            out.add(f.finding());
        }
        if (out.stream().noneMatch(f -> f.cause() == FindingCause.MISDIRECTED_REQUEST
                || f.cause() == FindingCause.IP_KEYED_POOL && f.severity() == Severity.PROBLEM)
                && outcomes.stream().allMatch(o -> o.error().isEmpty()) && !outcomes.isEmpty()) {
            out.add(new Finding(FindingCause.OTHER, Severity.INFO, "no 421 under policy " + policy.id(),
                    outcomes.size() + " requests, every one answered without 421.",
                    policy == ConnectionPolicy.ISOLATED
                            ? "Every request travelled on a connection opened for its own authority."
                            : "No request was refused on the connection it travelled on.",
                    "Nothing to fix.", List.of()));
        }
        return out;
    }

    private static String details(AttemptRecord a, Optional<AttemptRecord> next, Optional<String> error) {
        StringBuilder sb = new StringBuilder("exchange ").append(ExchangeText.exchange(a.exchangeId())).append(": :authority ")
                .append(a.authority()).append(" on connection #").append(a.connectionId()).append(" (SNI ")
                .append(a.sni().orElse("none")).append(") → ").append(a.status());
        a.server().ifPresent(v -> sb.append("; server saw ").append(server(v)));
        next.ifPresent(n -> {
            sb.append("; retry exchange ").append(ExchangeText.exchange(n.exchangeId())).append(" on connection #").append(n.connectionId())
                    .append(" (SNI ").append(n.sni().orElse("none")).append(") → ").append(n.status() > 0
                            ? String.valueOf(n.status()) : "failed" + error.map(e -> ": " + FailureKind.ofMessage(e)
                            .words() + " (" + e + ")").orElse(" without a response"));
            n.server().ifPresent(v -> sb.append("; server saw ").append(server(v)));
        });
        if (next.isEmpty() && a.hidden()) {
            // the retry failed while its connection was opened, before it was sent: no attempt of its own
            error.ifPresent(e -> sb.append("; retry on a new connection, before it was sent → failed: ")
                    .append(FailureKind.ofMessage(e).words()).append(" (").append(e).append(')'));
        }
        return sb.append('.').toString();
    }

    private static String server(ServerView v) {
        return "SNI " + v.sni().orElse("none") + ", :authority " + v.authority() + " → " + v.status()
                + (v.reason().isBlank() ? "" : " (" + v.reason() + ")");
    }

    private static String explanation(ConnectionPolicy policy, boolean borrowed) {
        if (!borrowed) {
            return "The request travelled on a connection opened for its own name and was still refused: the node that"
                    + " answered does not serve this name (ingress drift, or an SNI override).";
        }
        return switch (policy) {
            case COALESCING -> "The client coalesced: the name resolves to the same address and the connection's"
                    + " certificate covers it (RFC 9113 §9.1.1), but the origin refuses requests whose authority"
                    + " differs from the SNI (RFC 9110 §15.5.20): a tenant router, Apache mod_ssl with different"
                    + " vhost TLS settings, or a CDN.";
            case IP_KEYED -> "A pool keyed by IP:port only sent this name's request on a connection opened for"
                    + " another name; the origin refuses requests whose authority differs from the SNI.";
            case ISOLATED -> "The connection was opened for another name.";
        };
    }

    private static String fix(ConnectionPolicy policy, boolean borrowed) {
        if (!borrowed) {
            return "Make every node behind this address serve the name with a certificate covering it.";
        }
        return policy == ConnectionPolicy.IP_KEYED
                ? "Key the proxy's upstream pool by authority (host and port), not by IP:port (policy isolated)."
                : "Give the tenants separate IP addresses or certificates that do not cover each other, or let the"
                + " origin answer any name it serves on any connection (same TLS settings per vhost); an ORIGIN"
                + " frame must not list names the connection cannot serve.";
    }

    private static FindingCause failureCause(String error, FailureKind kind) {
        if (kind != FailureKind.OTHER) {
            return kind.cause();
        }
        String e = error.toLowerCase(Locale.ROOT);
        if (e.contains("unknownhost")) {
            return FindingCause.DNS_FAILURE;
        }
        if (e.contains("peerunverified") && e.contains("hostname") && e.contains("not verified")) {
            return FindingCause.NAME_NOT_COVERED; // OkHttp: the certificate does not cover the URL's host
        }
        if (e.contains("pkix") || e.contains("certification path") || e.contains("peer not authenticated")
                || e.contains("peerunverified")) {
            return FindingCause.CERT_UNTRUSTED;
        }
        if (e.contains("ssl") || e.contains("handshake")) {
            return FindingCause.TLS_FAILURE;
        }
        if (e.contains("connect")) {
            return FindingCause.CONNECT_FAILURE;
        }
        return FindingCause.OTHER;
    }

    private static List<String> keys(StepOutcome o, AttemptRecord a) {
        List<String> keys = new ArrayList<>(List.of(o.authority()));
        int port = HostPort.portOf(o.authority(), 443);
        a.sni().map(s -> s.toLowerCase(Locale.ROOT) + ":" + port).filter(k -> !keys.contains(k)).ifPresent(keys::add);
        return keys;
    }

    private static final class Folded {
        final FindingCause cause;
        final Severity severity;
        final String title;
        final String details;
        final String explanation;
        final String fix;
        final List<String> authorities;
        int count;

        Folded(FindingCause cause, Severity severity, String title, String details, String explanation, String fix,
               List<String> authorities) {
            this.cause = cause;
            this.severity = severity;
            this.title = title;
            this.details = details;
            this.explanation = explanation;
            this.fix = fix;
            this.authorities = authorities;
        }

        Finding finding() {
            String d = count > 1 ? details + " Seen " + count + " times in this run." : details;
            return new Finding(cause, severity, title, d, explanation, fix, authorities);
        }
    }
}
