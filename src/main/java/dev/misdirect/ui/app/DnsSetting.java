package dev.misdirect.ui.app;

import dev.misdirect.core.probe.DnsServer;
import dev.misdirect.core.session.Target;

import java.util.Optional;

/**
 * The workbench's DNS choices (File › DNS server…): the DNS server that Probe, Replay and Verify of a session on the
 * real network ask for A, AAAA and HTTPS records directly, as {@code --resolver} does on the command line, and
 * whether Probe then asks each name's Alt-Svc header with one HEAD request ({@code --alt-svc}). Lab sessions never use
 * them (the lab's name map answers its names). Kept for the running workbench only. Thread-safe: the FX thread sets
 * it, workers read it.
 */
final class DnsSetting {
    private record Choice(Optional<DnsServer> server, boolean altSvc) {
    }

    private volatile Choice choice = new Choice(Optional.empty(), false);

    /** The DNS server, when one is set. */
    Optional<DnsServer> server() {
        return choice.server();
    }

    /** True when Probe asks each reachable name's Alt-Svc header. */
    boolean altSvc() {
        return choice.altSvc();
    }

    /**
     * Sets both from the dialog: {@code server} ({@code ADDR[:PORT]}, blank for the system's resolver) and
     * {@code altSvc}. On bad input nothing changes.
     *
     * @return the reason the server cannot be used, or empty when it was set
     */
    Optional<String> set(String server, boolean altSvc) {
        if (server.isBlank()) {
            choice = new Choice(Optional.empty(), altSvc);
            return Optional.empty();
        }
        try {
            choice = new Choice(Optional.of(DnsServer.parse(server)), altSvc);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The server as the dialog shows it again ({@code ADDR:PORT}), or "". */
    String text() {
        return choice.server().map(DnsServer::toString).orElse("");
    }

    /** {@code target} asking the DNS server, when one is set. */
    Target apply(Target target) {
        Optional<DnsServer> s = choice.server();
        return s.isPresent() ? target.withDnsServer(s) : target;
    }
}
