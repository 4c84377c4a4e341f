package dev.misdirect.core.names;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.HostKind;
import dev.misdirect.core.model.LineProblem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads authority lines. One line is an authority followed by optional overrides, separated by whitespace:
 *
 * <pre>
 *   example.com
 *   api.example.com:8443            tag=api
 *   https://bücher.example/shop     resolve=192.0.2.10,2001:db8::10
 *   [2001:db8::1]:443               sni=www.example.com host=www.example.com
 *   static.example.com              sni=none   # comment
 * </pre>
 *
 * <p>The authority is {@code host}, {@code host:port}, {@code https://host[:port][/path]} or a bracketed IPv6
 * literal; the port defaults to 443. Host names go through UTS #46 (both U-label and A-label forms are kept);
 * case and one trailing dot do not matter. Overrides: {@code resolve=ADDR[,ADDR]} (IP literals only),
 * {@code sni=NAME} or {@code sni=none}, {@code host=NAME[:PORT]}, {@code tag=NAME} (repeatable).
 *
 * <p>Duplicate lines (same {@link Authority#key()}) are merged into the first: tags are united, and an override
 * given on only one of the lines is kept. When both lines give different values for the same override
 * ({@code resolve=}, {@code sni=}, {@code host=}, or two different paths) the later line is refused as a
 * {@link LineProblem} naming the conflict, so no choice is made silently.
 *
 * <p>Pure functions: thread-safe, no I/O, never any DNS.
 */
public final class AuthorityParser {
    private AuthorityParser() {
    }

    /**
     * Loads many lines. Blank lines and {@code #} comments (whole-line or after whitespace) are skipped; every
     * bad line becomes a {@link LineProblem} with its 1-based number while the good lines still load.
     * Never throws for bad content.
     */
    public static AuthoritySet parse(String text) {
        return parseLines(Arrays.asList(text.split("\r\n|\r|\n", -1)), "line");
    }

    /**
     * Loads lines given one by one, e.g. command-line arguments, exactly as {@link #parse(String)} loads the lines
     * of a text: conflicting repeats are refused, agreeing ones merged. {@code unit} names an element in problems
     * and notes ("argument 2 repeats a.example:443 from argument 1 with a different resolve= ...").
     */
    public static AuthoritySet parseLines(List<String> lines, String unit) {
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        Map<String, Authority> byKey = new LinkedHashMap<>();
        List<LineProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            if (isBlankOrComment(line)) {
                continue;
            }
            Authority a;
            try {
                a = parseLine(line);
            } catch (AuthoritySyntaxException e) {
                problems.add(new LineProblem(lineNumber, escapeControls(shorten(line.strip(), 120)), e.getMessage()));
                continue;
            }
            Authority earlier = byKey.get(a.key());
            if (earlier == null) {
                byKey.put(a.key(), a);
                firstLine.put(a.key(), lineNumber);
                continue;
            }
            int first = firstLine.get(a.key());
            Optional<String> conflict = conflict(earlier, a);
            if (conflict.isPresent()) {
                problems.add(new LineProblem(lineNumber, escapeControls(shorten(line.strip(), 120)), "repeats " + a.key()
                        + " from " + unit + " " + first + " with a different " + conflict.get() + "; not merged"));
                continue;
            }
            byKey.put(a.key(), merge(earlier, a));
            notes.add(unit + " " + lineNumber + " repeats " + a.key() + " from " + unit + " " + first + "; merged");
        }
        return new AuthoritySet(new ArrayList<>(byKey.values()), problems, notes);
    }

    /**
     * Reads one authority line (overrides and a trailing {@code #} comment allowed).
     *
     * @throws AuthoritySyntaxException naming the offending part, for blank lines too
     */
    public static Authority parseLine(String line) {
        int control = firstControl(line);
        if (control >= 0) {
            throw new AuthoritySyntaxException(line, String.format(Locale.ROOT,
                    "control character U+%04X in input", (int) line.charAt(control)));
        }
        List<String> tokens = tokens(line);
        if (tokens.isEmpty()) {
            throw new AuthoritySyntaxException(line, "empty line: expected host, host:port or https://host");
        }
        Authority base = parseAuthority(tokens.get(0));
        return applyOverrides(line, base, tokens.subList(1, tokens.size()));
    }

    /**
     * Reads a curl-style {@code --resolve} value {@code HOST:PORT:ADDR[,ADDR]} (IPv6 addresses bare or in
     * brackets). curl's {@code +}/{@code -} prefixes and {@code *} host are not supported.
     *
     * @throws AuthoritySyntaxException naming the offending part
     */
    public static ResolveOption parseResolveOption(String curlStyle) {
        String s = curlStyle.strip();
        int control = firstControl(s);
        if (control >= 0) {
            throw new AuthoritySyntaxException(curlStyle, String.format(Locale.ROOT,
                    "control character U+%04X in input", (int) s.charAt(control)));
        }
        if (s.startsWith("+") || s.startsWith("-")) {
            throw new AuthoritySyntaxException(curlStyle, "--resolve '" + s.charAt(0)
                    + "' prefixes are not supported: write HOST:PORT:ADDR[,ADDR]");
        }
        String hostPart;
        String rest;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new AuthoritySyntaxException(curlStyle, "unclosed '[' in IPv6 literal");
            }
            hostPart = s.substring(0, close + 1);
            rest = s.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw new AuthoritySyntaxException(curlStyle, "--resolve needs HOST:PORT:ADDR[,ADDR]");
            }
            rest = rest.substring(1);
        } else {
            int c = s.indexOf(':');
            if (c < 0) {
                throw new AuthoritySyntaxException(curlStyle, "--resolve needs HOST:PORT:ADDR[,ADDR]");
            }
            hostPart = s.substring(0, c);
            rest = s.substring(c + 1);
        }
        int c2 = rest.indexOf(':');
        if (c2 < 0) {
            throw new AuthoritySyntaxException(curlStyle, "--resolve needs HOST:PORT:ADDR[,ADDR]");
        }
        int port = parsePort(curlStyle, rest.substring(0, c2));
        Authority target = parseAuthority(hostPart);
        List<String> addresses = parseAddresses(curlStyle, "--resolve", rest.substring(c2 + 1));
        return new ResolveOption(target.host(), port, addresses);
    }

    // ---- one authority token ----

    private static Authority parseAuthority(String token) {
        String authority = token;
        String path = "/";
        int scheme = token.indexOf("://");
        if (scheme >= 0) {
            String name = token.substring(0, scheme);
            if (!name.equalsIgnoreCase("https")) {
                throw new AuthoritySyntaxException(token, name.isEmpty() ? "missing scheme before '://'"
                        : "scheme '" + name + "' is not supported: Misdirect probes TLS (https) only");
            }
            String rest = token.substring(scheme + 3);
            int end = firstOf(rest, "/?#");
            authority = end < 0 ? rest : rest.substring(0, end);
            if (end >= 0) {
                String tail = rest.substring(end);
                int hash = tail.indexOf('#');
                if (hash >= 0) {
                    tail = tail.substring(0, hash);
                }
                path = tail.isEmpty() ? "/" : tail.startsWith("/") ? tail : "/" + tail;
            }
        } else {
            int end = firstOf(token, "/?#");
            if (end >= 0 && token.charAt(end) == '#') {
                throw new AuthoritySyntaxException(token, "'" + token.substring(end)
                        + "' is glued to the authority: a comment needs whitespace before '#'");
            }
            if (end >= 0) {
                throw new AuthoritySyntaxException(token, "'" + token.substring(end)
                        + "' after the authority needs a URL: write https://" + token);
            }
        }
        if (authority.indexOf('@') >= 0) {
            throw new AuthoritySyntaxException(token, "userinfo (user@) is not allowed in an authority");
        }
        if (authority.isEmpty()) {
            throw new AuthoritySyntaxException(token, "host is empty");
        }
        String hostText;
        int port = Authority.DEFAULT_PORT;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new AuthoritySyntaxException(token, "unclosed '[' in IPv6 literal");
            }
            hostText = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new AuthoritySyntaxException(token, "unexpected '" + after
                            + "' after ']' (expected ':PORT')");
                }
                port = parsePort(token, after.substring(1));
            }
            if (hostText.indexOf('%') >= 0) {
                throw new AuthoritySyntaxException(token, "IPv6 zone id '" + hostText.substring(hostText.indexOf('%'))
                        + "' is not supported");
            }
            Optional<byte[]> v6 = hostText.indexOf(':') >= 0 ? IpLiterals.parseIpv6(hostText) : Optional.empty();
            if (v6.isEmpty()) {
                throw new AuthoritySyntaxException(token, "'[" + hostText + "]' is not a valid IPv6 address");
            }
            String canonical = IpLiterals.toText(v6.get());
            return new Authority(canonical, canonical, HostKind.IPV6, port, path, List.of(), Optional.empty(),
                    false, Optional.empty(), List.of());
        }
        if (authority.indexOf(']') >= 0) {
            throw new AuthoritySyntaxException(token, "']' without '[' in '" + authority + "'");
        }
        int colons = (int) authority.chars().filter(ch -> ch == ':').count();
        if (colons > 1) {
            throw new AuthoritySyntaxException(token, "IPv6 address '" + authority
                    + "' must be written in brackets ([::1] or [::1]:443) so its port is unambiguous");
        }
        if (colons == 1) {
            int colon = authority.indexOf(':');
            hostText = authority.substring(0, colon);
            port = parsePort(token, authority.substring(colon + 1));
        } else {
            hostText = authority;
        }
        if (hostText.isEmpty()) {
            throw new AuthoritySyntaxException(token, "host is empty");
        }
        String v4Text = hostText.endsWith(".") ? hostText.substring(0, hostText.length() - 1) : hostText;
        Optional<byte[]> v4 = IpLiterals.parseIpv4(v4Text);
        if (v4.isPresent()) {
            String canonical = IpLiterals.toText(v4.get());
            return new Authority(canonical, canonical, HostKind.IPV4, port, path, List.of(), Optional.empty(),
                    false, Optional.empty(), List.of());
        }
        DnsName name = DnsName.parse(hostText);
        return new Authority(name.ascii(), name.unicode(), HostKind.DNS, port, path, List.of(), Optional.empty(),
                false, Optional.empty(), List.of());
    }

    private static int parsePort(String input, String text) {
        if (text.isEmpty()) {
            throw new AuthoritySyntaxException(input, "port is empty after ':'");
        }
        if (!text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new AuthoritySyntaxException(input, "port '" + text + "' is not a number");
        }
        return HostPort.portNumber(text).orElseThrow(
                () -> new AuthoritySyntaxException(input, "port " + text + " is out of range 1-65535"));
    }

    // ---- overrides ----

    private static Authority applyOverrides(String line, Authority base, List<String> overrides) {
        List<String> resolve = List.of();
        Optional<String> sni = Optional.empty();
        boolean noSni = false;
        Optional<String> host = Optional.empty();
        List<String> tags = new ArrayList<>();
        for (String token : overrides) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                throw new AuthoritySyntaxException(line, "unexpected '" + token + "' after the authority"
                        + " (spaces are not allowed inside a host; overrides are KEY=VALUE)");
            }
            String key = token.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = token.substring(eq + 1);
            switch (key) {
                case "resolve" -> {
                    if (!resolve.isEmpty()) {
                        throw new AuthoritySyntaxException(line, "resolve= given twice; list all addresses in one"
                                + " resolve=ADDR,ADDR");
                    }
                    resolve = parseAddresses(line, "resolve=", value);
                }
                case "sni" -> {
                    if (sni.isPresent() || noSni) {
                        throw new AuthoritySyntaxException(line, "sni= given twice");
                    }
                    if (value.isEmpty()) {
                        throw new AuthoritySyntaxException(line, "sni= needs a NAME or 'none'");
                    }
                    if (value.equalsIgnoreCase("none")) {
                        noSni = true;
                    } else if (IpLiterals.isIpLiteral(value)) {
                        throw new AuthoritySyntaxException(line, "sni=" + value
                                + ": an IP address cannot be sent as SNI (RFC 6066 §3); use sni=none");
                    } else {
                        sni = Optional.of(withContext("sni=" + value, () -> DnsName.parse(value).ascii()));
                    }
                }
                case "host" -> {
                    if (host.isPresent()) {
                        throw new AuthoritySyntaxException(line, "host= given twice");
                    }
                    if (value.isEmpty()) {
                        throw new AuthoritySyntaxException(line, "host= needs a NAME or NAME:PORT");
                    }
                    if (value.contains("://") || firstOf(value, "/?#") >= 0) {
                        throw new AuthoritySyntaxException(line, "host=" + value
                                + ": give only NAME or NAME:PORT, as in a Host header");
                    }
                    Authority h = withContext("host=" + value, () -> parseAuthority(value));
                    boolean explicitPort = value.startsWith("[") ? value.indexOf("]:") >= 0 : value.indexOf(':') >= 0;
                    host = Optional.of(explicitPort ? h.key() : h.bracketedHost());
                }
                case "tag" -> {
                    if (value.isEmpty()) {
                        throw new AuthoritySyntaxException(line, "tag= needs a NAME");
                    }
                    if (value.indexOf(',') >= 0) {
                        throw new AuthoritySyntaxException(line, "tag=" + value
                                + ": one tag per tag=, no commas (repeat tag= for more)");
                    }
                    if (!tags.contains(value)) {
                        tags.add(value);
                    }
                }
                default -> throw new AuthoritySyntaxException(line, "unknown override '" + token.substring(0, eq)
                        + "=' (known: resolve=, sni=, host=, tag=)");
            }
        }
        return new Authority(base.host(), base.unicodeHost(), base.kind(), base.port(), base.path(), resolve, sni,
                noSni, host, tags);
    }

    private static List<String> parseAddresses(String input, String what, String value) {
        if (value.isEmpty()) {
            throw new AuthoritySyntaxException(input, what + " needs at least one IP address");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String a : value.split(",", -1)) {
            if (a.isEmpty()) {
                throw new AuthoritySyntaxException(input, what + " has an empty address in '" + value + "'");
            }
            Optional<String> canonical = IpLiterals.canonicalText(a);
            if (canonical.isEmpty()) {
                boolean looksLikeIp = a.chars().allMatch(ch -> "0123456789abcdefABCDEF.:[]".indexOf(ch) >= 0)
                        && a.chars().anyMatch(ch -> ch == '.' || ch == ':');
                throw new AuthoritySyntaxException(input, looksLikeIp
                        ? what + " address '" + a + "' is not a valid IPv4 or IPv6 address"
                        : what + " address '" + a + "' is not an IP address (" + what + " takes addresses, not names)");
            }
            out.add(canonical.get());
        }
        return List.copyOf(out);
    }

    private static <T> T withContext(String what, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (AuthoritySyntaxException e) {
            throw new AuthoritySyntaxException(e.input(), what + ": " + e.getMessage());
        }
    }

    // ---- merging duplicates ----

    /**
     * What two readings of one authority (same {@link Authority#key()}) disagree on, e.g. {@code "resolve=
     * (127.0.0.2 vs 127.0.0.3)"}; empty when one can be merged into the other.
     */
    public static Optional<String> conflict(Authority a, Authority b) {
        if (!a.resolve().isEmpty() && !b.resolve().isEmpty() && !a.resolve().equals(b.resolve())) {
            return Optional.of("resolve= (" + String.join(",", a.resolve()) + " vs " + String.join(",", b.resolve())
                    + ")");
        }
        String sniA = sniText(a);
        String sniB = sniText(b);
        if (!sniA.isEmpty() && !sniB.isEmpty() && !sniA.equals(sniB)) {
            return Optional.of("sni= (" + sniA + " vs " + sniB + ")");
        }
        if (a.hostOverride().isPresent() && b.hostOverride().isPresent()
                && !a.hostOverride().equals(b.hostOverride())) {
            return Optional.of("host= (" + a.hostOverride().get() + " vs " + b.hostOverride().get() + ")");
        }
        if (!"/".equals(a.path()) && !"/".equals(b.path()) && !a.path().equals(b.path())) {
            return Optional.of("path (" + a.path() + " vs " + b.path() + ")");
        }
        return Optional.empty();
    }

    private static String sniText(Authority a) {
        return a.noSni() ? "none" : a.sniOverride().orElse("");
    }

    private static Authority merge(Authority a, Authority b) {
        List<String> resolve = a.resolve().isEmpty() ? b.resolve() : a.resolve();
        boolean noSni = a.noSni() || b.noSni();
        Optional<String> sni = a.sniOverride().isPresent() ? a.sniOverride() : b.sniOverride();
        Optional<String> host = a.hostOverride().isPresent() ? a.hostOverride() : b.hostOverride();
        String path = "/".equals(a.path()) ? b.path() : a.path();
        LinkedHashSet<String> tags = new LinkedHashSet<>(a.tags());
        tags.addAll(b.tags());
        return new Authority(a.host(), a.unicodeHost(), a.kind(), a.port(), path, resolve, sni, noSni, host,
                List.copyOf(tags));
    }

    // ---- text helpers ----

    private static boolean isBlankOrComment(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    /** Whitespace-separated tokens up to a {@code #} that starts a token (a trailing comment). */
    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        for (String t : line.strip().split("[ \\t]+")) {
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("#")) {
                break;
            }
            out.add(t);
        }
        return out;
    }

    /** Index of the first control character (C0 except tab, DEL, C1), or -1. */
    private static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                return i;
            }
        }
        return -1;
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} when it has at most {@code max} characters, else its start, "…" and its length. */
    public static String shorten(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, max - 20) + "… (" + s.length() + " characters)";
    }

    /** The text with control characters (tab excluded) written as {@code \u0007}. */
    static String escapeControls(String s) {
        if (firstControl(s) < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
