package dev.misdirect.core.names;

import dev.misdirect.core.model.CertificateInfo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 9525 host-name matching against subjectAltName entries. Pure and thread-safe.
 */
public final class HostnameMatcher {
    private HostnameMatcher() {
    }

    /** Does {@code cert} cover {@code host} (canonical form as in {@code Authority.host()})? */
    public static NameMatch match(String host, CertificateInfo cert) {
        return match(host, cert.dnsNames(), cert.ipAddresses());
    }

    /**
     * Does any of these SANs cover {@code host}?
     *
     * @param host    a DNS name (A-label or U-label) or an IP literal
     * @param dnsSans dNSName entries
     * @param ipSans  iPAddress entries in text form
     */
    public static NameMatch match(String host, List<String> dnsSans, List<String> ipSans) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String san : dnsSans) {
            String s = san.toLowerCase(Locale.ROOT);
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
            if (s.equals(h)) {
                return new NameMatch(true, Optional.of(san), "matched by " + san);
            }
            if (s.startsWith("*.") && h.indexOf('.') > 0 && h.substring(h.indexOf('.') + 1).equals(s.substring(2))) {
                return new NameMatch(true, Optional.of(san), "matched by wildcard " + san);
            }
        }
        for (String ip : ipSans) {
            if (ip.equalsIgnoreCase(h)) {
                return new NameMatch(true, Optional.of(ip), "matched by IP address " + ip);
            }
        }
        return new NameMatch(false, Optional.empty(), "no subjectAltName covers " + host);
    }
}
