package dev.misdirect.core.io;

import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.names.AuthoritySyntaxException;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.names.HostPort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small pieces the importers share: authority parsing, plan text, wording. */
final class ImportSupport {
    private ImportSupport() {
    }

    /** "b.lab.test:8443", "[::1]:8443" or "b.lab.test" (443) → host and port; empty when unreadable. */
    static Optional<Authority> authority(String hostPort, int defaultPort) {
        Optional<HostPort> split = HostPort.parse(hostPort.strip());
        if (split.isEmpty()) {
            return Optional.empty();
        }
        String host = split.get().host().toLowerCase(Locale.ROOT);
        int port = split.get().port().orElse(defaultPort);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            return Optional.empty();
        }
        // Only names a person could type: a capture's host may hold anything, including control characters.
        try {
            Authority a = Authority.of(host, port);
            return Optional.of(AuthorityParser.parseLine(a.toLine()));
        } catch (AuthoritySyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The host of an address like "127.0.1.1:8443" or "[::1]:8443". */
    static String addressHost(String address) {
        return authority(address, 1).map(Authority::host).orElse(address);
    }

    /** The port of an address like "127.0.1.1:8443"; 0 when none. */
    static int addressPort(String address) {
        return HostPort.portOf(address, 0);
    }

    /** Accumulates authorities in first-seen order with the addresses they were seen on. */
    static final class AuthorityCollector {
        private final Map<String, Authority> byKey = new LinkedHashMap<>();
        private final Map<String, Set<String>> addresses = new LinkedHashMap<>();

        void add(Authority authority, Optional<String> address) {
            byKey.putIfAbsent(authority.key(), authority);
            Set<String> set = addresses.computeIfAbsent(authority.key(), k -> new LinkedHashSet<>());
            address.filter(a -> !a.isBlank()).ifPresent(set::add);
        }

        AuthoritySet build() {
            List<Authority> list = new ArrayList<>();
            for (Authority a : byKey.values()) {
                List<String> seen = List.copyOf(addresses.get(a.key()));
                list.add(a.isIpLiteral() || seen.isEmpty() ? a : a.withResolve(seen));
            }
            return AuthoritySet.of(list);
        }
    }

    /**
     * Free text from a capture as one line of at most 200 characters: line breaks and other control characters
     * become {@code \n}-style escapes, so a crafted value cannot add lines to what Misdirect prints.
     */
    static String oneLine(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < 200; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.length() < 200 || text.length() <= 200 ? sb.toString() : sb + "…";
    }

    /** One plan step: "GET https://b.lab.test:8443/b.js @127.0.1.1". */
    static String planStep(String method, String url, Optional<String> address) {
        return method + " " + url + address.map(a -> " @" + a).orElse("");
    }

    /** "once", "twice", "3 times". */
    static String times(long n) {
        return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
    }

    /** "1 request", "2 requests". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A finding about what an imported file cannot tell. */
    static Finding limitation(String title, String details, String fix) {
        return new Finding(FindingCause.IMPORT_LIMITATION, Severity.INFO, title, details,
                "An import can only show what the file recorded.", fix, List.of());
    }

    /** Milliseconds with one decimal: "+12.5 ms". */
    static String ms(long micros) {
        return String.format(Locale.ROOT, "+%.1f ms", micros / 1000.0);
    }
}
