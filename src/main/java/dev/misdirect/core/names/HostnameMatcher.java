package dev.misdirect.core.names;

import com.google.common.net.InternetDomainName;
import dev.misdirect.core.model.CertificateInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 9525 host-name matching against subjectAltName entries, explaining every answer.
 *
 * <ul>
 *   <li>Only dNSName and iPAddress SANs count; the subject CN is never used (RFC 9525 §6.3, RFC 9110 §4.3.4).</li>
 *   <li>A wildcard is accepted only as the whole left-most label ({@code *.example.com}) and stands for exactly
 *       one label: not the apex {@code example.com}, not {@code a.b.example.com}. Partial-label wildcards
 *       ({@code f*.example.com}, {@code xn--*-abc.example}), a wildcard in another label and more than one
 *       wildcard are refused, as Chromium, OkHttp and the CA/B Forum do.</li>
 *   <li>No wildcard whose remainder is a public suffix of the ICANN section of the Public Suffix List
 *       ({@code *.com}, {@code *.co.uk}) or a single unknown top-level label ({@code *.example}).</li>
 *   <li>Case-insensitive; one trailing dot on either side ignored; a host given as U-labels is converted to
 *       A-labels (UTS #46) before comparing. dNSName entries are IA5String (RFC 5280 §7.2) and must already be
 *       A-labels: a non-ASCII entry matches nothing, so a look-alike such as the Kelvin sign in {@code \u212A.com}
 *       can never stand for {@code k.com}.</li>
 *   <li>IP literals match only iPAddress SANs, octet for octet: IPv4 against the 4-octet entries, IPv6 against
 *       the 16-octet ones, however the text is written. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1})
 *       is 16 octets and does not match the IPv4 SAN {@code 192.0.2.1}. A DNS name never matches an iPAddress
 *       SAN, and an IP literal never matches a dNSName entry (not even {@code 192.0.2.1} written as dNSName).</li>
 * </ul>
 *
 * <p>Pure and thread-safe: no I/O, no DNS, no shared mutable state.
 */
public final class HostnameMatcher {
    private HostnameMatcher() {
    }

    /** Does {@code cert} cover {@code host} (canonical form as in {@code Authority.host()})? */
    public static NameMatch match(String host, CertificateInfo cert) {
        return match(host, cert.dnsNames(), cert.ipAddresses());
    }

    /**
     * Does any of these SANs cover {@code host}? Never throws for malformed hosts or SANs: a malformed host
     * is not covered (the reason says why), a malformed SAN matches nothing.
     *
     * @param host    a DNS name (A-label or U-label, any case, optional trailing dot) or an IP literal without
     *                brackets
     * @param dnsSans dNSName entries, as written in the certificate
     * @param ipSans  iPAddress entries in text form (IPv4 dotted quad, IPv6 in any RFC 4291 form)
     * @return whether the host is covered, the SAN that matched, and a sentence explaining the answer
     */
    public static NameMatch match(String host, List<String> dnsSans, List<String> ipSans) {
        if (host.startsWith("[")) {
            return miss("host '" + host + "' is written with brackets; pass the IP address without them");
        }
        if (host.indexOf(':') >= 0) {
            Optional<byte[]> v6 = IpLiterals.parseIpv6(host);
            if (v6.isEmpty()) {
                return miss("host '" + host + "' is not a valid IPv6 address");
            }
            return matchIp(host, v6.get(), dnsSans, ipSans);
        }
        String v4Text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        Optional<byte[]> v4 = IpLiterals.parseIpv4(v4Text);
        if (v4.isPresent()) {
            return matchIp(host, v4.get(), dnsSans, ipSans);
        }
        DnsName name;
        try {
            name = DnsName.parse(host);
        } catch (AuthoritySyntaxException e) {
            return miss("host '" + host + "' is not a valid host name: " + e.getMessage());
        }
        return matchDns(host, name.ascii(), dnsSans, ipSans);
    }

    // ---- IP literals ----

    private static NameMatch matchIp(String host, byte[] octets, List<String> dnsSans, List<String> ipSans) {
        String shown = IpLiterals.toText(octets);
        String family = octets.length == 4 ? "IPv4" : "IPv6";
        List<byte[]> parsed = new ArrayList<>();
        for (String san : ipSans) {
            byte[] b = IpLiterals.parse(san).orElse(null);
            parsed.add(b);
            if (b != null && Arrays.equals(b, octets)) {
                return new NameMatch(true, Optional.of(san), "matched by iPAddress " + san);
            }
        }
        String dnsNote = dnsSans.stream().anyMatch(d -> IpLiterals.parse(DnsName.comparable(d))
                        .map(b -> Arrays.equals(b, octets)).orElse(false))
                ? " (a dNSName entry spelling the address does not count)" : "";
        if (ipSans.isEmpty()) {
            return miss("IP address " + shown + " is only matched by iPAddress SANs; this certificate has none"
                    + dnsNote);
        }
        for (int i = 0; i < parsed.size(); i++) {
            byte[] b = parsed.get(i);
            if (b == null) {
                continue;
            }
            if (octets.length == 16 && b.length == 4 && IpLiterals.isIpv4Mapped(octets)
                    && Arrays.equals(Arrays.copyOfRange(octets, 12, 16), b)) {
                return miss("IPv4-mapped IPv6 address " + shown + " is not the IPv4 address " + ipSans.get(i)
                        + ": iPAddress SANs match octet for octet (16 octets vs 4)");
            }
            if (octets.length == 4 && b.length == 16 && IpLiterals.isIpv4Mapped(b)
                    && Arrays.equals(Arrays.copyOfRange(b, 12, 16), octets)) {
                return miss("IPv4 address " + shown + " is not the IPv4-mapped IPv6 address " + ipSans.get(i)
                        + ": iPAddress SANs match octet for octet (4 octets vs 16)");
            }
        }
        return miss("no iPAddress SAN equals " + family + " " + shown + " (iPAddress: " + listed(ipSans) + ")"
                + dnsNote);
    }

    // ---- DNS names ----

    /**
     * A SAN that did not match, with how close it came. The SAN sharing the most trailing labels with the host
     * explains the miss; among those, the highest rank (the rule that alone stood in the way) wins.
     */
    private record Near(int rank, String reason) {
    }

    private static int closeness(Near n, String san, String host) {
        if (n.rank() == 0) {
            return 0;
        }
        String[] a = DnsName.comparable(san).split("\\.", -1);
        String[] b = host.split("\\.", -1);
        int shared = 0;
        while (shared < a.length && shared < b.length
                && a[a.length - 1 - shared].equals(b[b.length - 1 - shared])) {
            shared++;
        }
        return shared * 10 + n.rank();
    }

    private static final Near FAR = new Near(0, "");

    private static NameMatch matchDns(String host, String ascii, List<String> dnsSans, List<String> ipSans) {
        Near best = FAR;
        int bestScore = 0;
        for (String san : dnsSans) {
            String s = san.endsWith(".") ? san.substring(0, san.length() - 1) : san;
            if (s.isEmpty()) {
                continue;
            }
            if (!DnsName.isAscii(s)) {
                Near n = nonAscii(san, ascii);
                int score = closeness(n, san, ascii);
                if (score > bestScore) {
                    best = n;
                    bestScore = score;
                }
                continue;
            }
            s = s.toLowerCase(Locale.ROOT);
            if (s.indexOf('*') < 0) {
                if (s.equals(ascii)) {
                    return new NameMatch(true, Optional.of(san), "matched by " + san);
                }
                continue;
            }
            Near n = wildcard(san, s, ascii);
            if (n == null) {
                return new NameMatch(true, Optional.of(san), "matched by " + san);
            }
            int score = closeness(n, san, ascii);
            if (score > bestScore) {
                best = n;
                bestScore = score;
            }
        }
        if (best != FAR) {
            return miss(best.reason());
        }
        if (dnsSans.isEmpty() && ipSans.isEmpty()) {
            return miss("the certificate has no subjectAltName entries, so it covers no host (the CN is never used)");
        }
        if (dnsSans.isEmpty()) {
            return miss("no SAN covers " + host + ": a DNS name is only matched by dNSName SANs and this certificate"
                    + " has only iPAddress SANs (" + listed(ipSans) + ")");
        }
        return miss("no SAN covers " + host + " (dNSName: " + listed(dnsSans) + ")");
    }

    /**
     * Matches a wildcard SAN (lower case, no trailing dot) against the host's A-label form.
     *
     * @return null when it matches, otherwise how close it came
     */
    private static Near wildcard(String san, String s, String host) {
        String[] sanLabels = s.split("\\.", -1);
        String[] hostLabels = host.split("\\.", -1);
        String first = sanLabels[0];
        String remainder = s.indexOf('.') >= 0 ? s.substring(s.indexOf('.') + 1) : "";
        boolean sameDepth = sanLabels.length == hostLabels.length;
        boolean suffixFits = !remainder.isEmpty() && host.endsWith("." + remainder);
        if (s.indexOf('*') != s.lastIndexOf('*')) {
            return new Near(suffixFits || sameDepth ? 3 : 1, "wildcard " + san
                    + " has more than one '*'; only one wildcard, as the whole left-most label, is accepted");
        }
        if (first.indexOf('*') < 0) {
            return new Near(sameDepth ? 3 : 1, "wildcard " + san
                    + " is not in the left-most label; a wildcard must be the whole left-most label");
        }
        if (!first.equals("*")) {
            return new Near(suffixFits && sameDepth ? 4 : 2, "partial-label wildcard " + san + " is not accepted");
        }
        if (remainder.isEmpty() || Arrays.stream(sanLabels).skip(1).anyMatch(String::isEmpty)) {
            return new Near(1, "wildcard " + san + " names no domain");
        }
        if (host.equals(remainder)) {
            return new Near(4, "wildcard " + san + " does not cover the apex " + remainder);
        }
        if (!suffixFits) {
            return new Near(0, "");
        }
        if (!sameDepth) {
            return new Near(4, "wildcard covers one label only: " + host + " is " + (hostLabels.length
                    - sanLabels.length + 1) + " labels below " + remainder + ", not one as " + san + " requires");
        }
        if (isPublicSuffix(remainder)) {
            return new Near(5, "wildcard " + san + " is under a public suffix (" + remainder
                    + " is an ICANN public suffix), so it is not accepted");
        }
        if (remainder.indexOf('.') < 0) {
            return new Near(5, "wildcard " + san + " covers a whole top-level domain (" + remainder
                    + "), so it is not accepted");
        }
        return null;
    }

    /**
     * True when {@code domain} is a registry suffix: the ICANN section of the Public Suffix List. Guava's
     * {@code isPublicSuffix()} also counts the private section (github.io, appspot.com, s3.amazonaws.com), whose
     * single owner may legitimately hold {@code *.appspot.com}; Chromium leaves private registries out of this
     * check for the same reason, so {@code isRegistrySuffix()} is the right question. Both the A-label and the
     * U-label spelling are asked, since the list carries IDN suffixes in their Unicode form.
     */
    private static boolean isPublicSuffix(String domain) {
        if (registrySuffix(domain)) {
            return true;
        }
        try {
            String unicode = DnsName.parse(domain).unicode();
            return !unicode.equals(domain) && registrySuffix(unicode);
        } catch (AuthoritySyntaxException e) {
            return false;
        }
    }

    private static boolean registrySuffix(String domain) {
        return InternetDomainName.isValid(domain) && InternetDomainName.from(domain).isRegistrySuffix();
    }

    /** A non-ASCII dNSName never matches; say so when it would have been the host in A-label form. */
    private static Near nonAscii(String san, String host) {
        String converted = DnsName.comparable(san);
        boolean wouldMatch = converted.equals(host) || (converted.startsWith("*.") && host.indexOf('.') > 0
                && host.substring(host.indexOf('.') + 1).equals(converted.substring(2)));
        return new Near(wouldMatch ? 5 : 1, "dNSName " + san + " is not ASCII: certificates must carry IDNs as"
                + " A-labels (RFC 5280 §7.2), so it matches nothing");
    }

    private static String listed(List<String> sans) {
        if (sans.size() <= 4) {
            return String.join(", ", sans);
        }
        return String.join(", ", sans.subList(0, 4)) + " and " + (sans.size() - 4) + " more";
    }

    private static NameMatch miss(String reason) {
        return new NameMatch(false, Optional.empty(), reason);
    }
}
