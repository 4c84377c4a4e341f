package dev.misdirect.core.io;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.HostKind;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a curl command line as DevTools "Copy as cURL (bash)" writes it, or as a person types it: bash word
 * splitting with single quotes, double quotes, {@code $'...'} quoting and backslash-newline continuations. Options
 * it does not know are listed in {@link CurlCommand#unknownOptions()} and skipped. Pure and thread-safe.
 */
public final class CurlParser {
    /** Options that take a value (long and short names). */
    private static final Map<String, String> WITH_VALUE = Map.ofEntries(
            Map.entry("-X", "--request"), Map.entry("-H", "--header"), Map.entry("-d", "--data"),
            Map.entry("-u", "--user"), Map.entry("-A", "--user-agent"), Map.entry("-e", "--referer"),
            Map.entry("-b", "--cookie"), Map.entry("-o", "--output"), Map.entry("-m", "--max-time"),
            Map.entry("-x", "--proxy"), Map.entry("-c", "--cookie-jar"), Map.entry("-F", "--form"),
            Map.entry("-T", "--upload-file"), Map.entry("-w", "--write-out"), Map.entry("-E", "--cert"),
            Map.entry("-r", "--range"));
    private static final Set<String> LONG_WITH_VALUE = Set.of("--request", "--header", "--data", "--data-raw",
            "--data-binary", "--data-ascii", "--data-urlencode", "--json", "--user", "--user-agent", "--referer",
            "--cookie", "--output", "--max-time", "--connect-timeout", "--proxy", "--cookie-jar", "--form", "--resolve",
            "--connect-to", "--cacert", "--capath", "--cert", "--key", "--url", "--upload-file", "--write-out",
            "--range", "--retry", "--interface", "--max-redirs");
    private static final Map<Character, String> SHORT_FLAGS = Map.ofEntries(
            Map.entry('k', "--insecure"), Map.entry('s', "--silent"), Map.entry('S', "--show-error"),
            Map.entry('v', "--verbose"), Map.entry('i', "--include"), Map.entry('L', "--location"),
            Map.entry('I', "--head"), Map.entry('G', "--get"), Map.entry('f', "--fail"), Map.entry('g', "--globoff"),
            Map.entry('N', "--no-buffer"), Map.entry('O', "--remote-name"), Map.entry('#', "--progress-bar"));
    private static final Set<String> FLAGS = Set.of("--insecure", "--silent", "--show-error", "--verbose", "--include",
            "--location", "--head", "--get", "--fail", "--globoff", "--no-buffer", "--remote-name", "--progress-bar",
            "--compressed", "--http1.1", "--http1.0", "--http2", "--http2-prior-knowledge", "--http3", "--http3-only",
            "--tlsv1.2", "--tlsv1.3", "--ipv4", "--ipv6", "--fail-with-body", "--no-keepalive");

    private CurlParser() {
    }

    /**
     * Parses {@code text}, which must start with {@code curl} (a leading {@code $ } prompt is allowed).
     *
     * @throws ImportException when the text is not a curl command, has an unclosed quote (with the line:column where
     *                         it opened), or names no http(s) URL
     */
    public static CurlCommand parse(String text) throws ImportException {
        List<String> words = split(text);
        int i = 0;
        if (!words.isEmpty() && words.get(0).equals("$")) {
            i++;
        }
        if (i >= words.size() || !(words.get(i).equals("curl") || words.get(i).endsWith("/curl") || words.get(i).equals("curl.exe"))) {
            throw new ImportException("not a curl command: it does not start with \"curl\"", 0);
        }
        i++;
        String method = null;
        String url = null;
        List<CurlCommand.Header> headers = new ArrayList<>();
        StringBuilder body = null;
        List<String> resolve = new ArrayList<>();
        List<String> connectTo = new ArrayList<>();
        Optional<String> cacert = Optional.empty();
        Optional<String> httpVersion = Optional.empty();
        boolean insecure = false;
        boolean compressed = false;
        boolean head = false;
        boolean get = false;
        List<String> unknown = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean optionsEnded = false;
        while (i < words.size()) {
            String w = words.get(i++);
            if (optionsEnded || !w.startsWith("-") || w.equals("-")) {
                if (url == null) {
                    url = w;
                } else {
                    notes.add("only the first URL is used; also given: " + w);
                }
                continue;
            }
            if (w.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String opt = w;
            String value = null;
            if (w.startsWith("--")) {
                int eq = w.indexOf('=');
                if (eq > 0 && LONG_WITH_VALUE.contains(w.substring(0, eq))) {
                    opt = w.substring(0, eq);
                    value = w.substring(eq + 1);
                }
            } else if (w.length() > 2) {
                String shortOpt = w.substring(0, 2);
                if (WITH_VALUE.containsKey(shortOpt)) {
                    opt = WITH_VALUE.get(shortOpt);
                    value = w.substring(2);
                } else if (w.substring(1).chars().allMatch(c -> SHORT_FLAGS.containsKey((char) c))) {
                    for (char c : w.substring(1).toCharArray()) {
                        String flag = SHORT_FLAGS.get(c);
                        insecure |= flag.equals("--insecure");
                        head |= flag.equals("--head");
                        get |= flag.equals("--get");
                    }
                    continue;
                } else {
                    unknown.add(w);
                    continue;
                }
            }
            if (opt.length() == 2) {
                if (WITH_VALUE.containsKey(opt)) {
                    opt = WITH_VALUE.get(opt);
                } else if (SHORT_FLAGS.containsKey(opt.charAt(1))) {
                    opt = SHORT_FLAGS.get(opt.charAt(1));
                }
            }
            if (LONG_WITH_VALUE.contains(opt) && value == null) {
                if (i >= words.size()) {
                    throw new ImportException("curl option " + w + " needs a value", -1);
                }
                value = words.get(i++);
            }
            switch (opt) {
                case "--request" -> method = value.toUpperCase(Locale.ROOT);
                case "--header" -> {
                    int colon = value.indexOf(':');
                    if (colon > 0) {
                        headers.add(new CurlCommand.Header(value.substring(0, colon).strip(), value.substring(colon + 1).strip()));
                    } else {
                        notes.add("header without a colon ignored: " + value);
                    }
                }
                case "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json" -> {
                    body = body == null ? new StringBuilder(value) : body.append('&').append(value);
                    if (opt.equals("--json")) {
                        headers.add(new CurlCommand.Header("Content-Type", "application/json"));
                    }
                }
                case "--resolve" -> resolve.add(value);
                case "--connect-to" -> connectTo.add(value);
                case "--cacert" -> cacert = Optional.of(value);
                case "--url" -> url = url == null ? value : url;
                case "--user" -> notes.add("credentials from " + w + " are not carried into the replay plan");
                case "--user-agent" -> headers.add(new CurlCommand.Header("User-Agent", value));
                case "--referer" -> headers.add(new CurlCommand.Header("Referer", value));
                case "--cookie" -> headers.add(new CurlCommand.Header("Cookie", value));
                case "--insecure" -> insecure = true;
                case "--compressed" -> compressed = true;
                case "--head" -> head = true;
                case "--get" -> get = true;
                case "--http1.1", "--http1.0" -> httpVersion = Optional.of("http/1.1");
                case "--http2" -> httpVersion = Optional.of("h2");
                case "--http2-prior-knowledge" -> httpVersion = Optional.of("h2-prior-knowledge");
                case "--http3", "--http3-only" -> httpVersion = Optional.of("h3");
                case "--proxy" -> notes.add("the request goes through proxy " + value + "; a replay connects directly");
                default -> {
                    if (!FLAGS.contains(opt) && !LONG_WITH_VALUE.contains(opt)) {
                        unknown.add(w);
                    }
                }
            }
        }
        if (url == null) {
            throw new ImportException("the curl command names no URL", -1);
        }
        if (!url.contains("://")) {
            url = "https://" + url; // curl guesses http; a 421 diagnosis is about https
            notes.add("the URL had no scheme; https was assumed");
        }
        final String target = url;
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ImportException("the curl command's URL is not valid: " + url + " (" + e.getReason() + ")", -1);
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ImportException("the curl command's URL is not an http(s) URL with a host: " + url, -1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
        Authority base = ImportSupport.authority(uri.getHost() + ":" + port, port)
                .orElseThrow(() -> new ImportException("the curl command's URL has an unusable host: " + target, -1));
        List<String> addresses = new ArrayList<>();
        for (String r : resolve) {
            // HOST:PORT:ADDR[,ADDR...]; "*" matches any host
            String[] parts = splitResolve(r);
            if (parts == null) {
                notes.add("--resolve entry not understood: " + r);
            } else if ((parts[0].equals("*") || parts[0].equalsIgnoreCase(base.host())) && parts[1].equals(String.valueOf(port))) {
                for (String a : parts[2].split(",")) {
                    addresses.add(a.replace("[", "").replace("]", ""));
                }
            }
        }
        for (String c : connectTo) {
            // HOST1:PORT1:HOST2:PORT2, empty parts match anything / keep the original
            String[] parts = c.split(":", -1);
            if (parts.length != 4) {
                notes.add("--connect-to entry not understood: " + c);
                continue;
            }
            boolean hostMatches = parts[0].isEmpty() || parts[0].equalsIgnoreCase(base.host());
            boolean portMatches = parts[1].isEmpty() || parts[1].equals(String.valueOf(port));
            if (hostMatches && portMatches) {
                if (!parts[2].isEmpty()) {
                    addresses.add(parts[2]);
                }
                if (!parts[3].isEmpty() && !parts[3].equals(String.valueOf(port))) {
                    notes.add("--connect-to changes the port to " + parts[3] + "; the replay step keeps port " + port);
                }
            }
        }
        Optional<String> hostHeader = headers.stream().filter(h -> h.name().equalsIgnoreCase("host"))
                .map(CurlCommand.Header::value).findFirst();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Authority authority = new Authority(base.host(), base.unicodeHost(), base.kind(), port, path, addresses,
                Optional.empty(), false, hostHeader, List.of());
        if (!addresses.isEmpty() && addresses.stream().anyMatch(a -> !a.matches("[0-9A-Fa-f:.]+"))) {
            notes.add("--connect-to names a host, not an address: it is kept as the address to resolve");
        }
        if (authority.kind() == HostKind.DNS && hostHeader.isPresent()) {
            notes.add("Host header " + hostHeader.get() + " overrides the authority " + base.key());
        }
        String m = method != null ? method : head ? "HEAD" : body != null && !get ? "POST" : "GET";
        return new CurlCommand(m, url, authority, headers, Optional.ofNullable(body).map(StringBuilder::toString),
                resolve, connectTo, cacert, httpVersion, insecure, compressed, unknown, notes);
    }

    /** "host:port:addr" with bracketed IPv6 addresses allowed in the address part. */
    private static String[] splitResolve(String r) {
        String s = r.startsWith("+") ? r.substring(1) : r;
        int first = s.indexOf(':');
        int second = first < 0 ? -1 : s.indexOf(':', first + 1);
        if (first <= 0 || second < 0) {
            return null;
        }
        return new String[]{s.substring(0, first), s.substring(first + 1, second), s.substring(second + 1)};
    }

    /**
     * Bash word splitting: whitespace separates words; '...' is literal; "..." keeps \" \\ \$ \` escapes;
     * $'...' decodes C escapes; a backslash escapes the next character, and backslash-newline joins lines.
     *
     * @throws ImportException for an unclosed quote, naming the line:column where it opened
     */
    static List<String> split(String text) throws ImportException {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && text.charAt(i + 1) == '\n') {
                    i += 2;
                    continue;
                }
                if (i + 2 < n && text.charAt(i + 1) == '\r' && text.charAt(i + 2) == '\n') {
                    i += 3;
                    continue;
                }
                if (i + 1 < n) {
                    cur.append(text.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    throw unclosed(text, i, "single quote");
                }
                cur.append(text, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '\'') {
                int j = i + 2;
                StringBuilder out = new StringBuilder();
                while (j < n && text.charAt(j) != '\'') {
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        char e = text.charAt(j + 1);
                        j += 2;
                        switch (e) {
                            case 'n' -> out.append('\n');
                            case 'r' -> out.append('\r');
                            case 't' -> out.append('\t');
                            case '0' -> out.append('\0');
                            case 'x' -> {
                                int end = j;
                                while (end < n && end < j + 2 && Character.digit(text.charAt(end), 16) >= 0) {
                                    end++;
                                }
                                if (end > j) {
                                    out.append((char) Integer.parseInt(text.substring(j, end), 16));
                                    j = end;
                                }
                            }
                            case 'u' -> {
                                int end = j;
                                while (end < n && end < j + 4 && Character.digit(text.charAt(end), 16) >= 0) {
                                    end++;
                                }
                                if (end > j) {
                                    out.append((char) Integer.parseInt(text.substring(j, end), 16));
                                    j = end;
                                }
                            }
                            default -> out.append(e);
                        }
                    } else {
                        out.append(d);
                        j++;
                    }
                }
                if (j >= n) {
                    throw unclosed(text, i, "$'...' quote");
                }
                cur.append(out);
                inWord = true;
                i = j + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && text.charAt(j) != '"') {
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < n && "\"\\$`\n".indexOf(text.charAt(j + 1)) >= 0) {
                        if (text.charAt(j + 1) != '\n') {
                            cur.append(text.charAt(j + 1));
                        }
                        j += 2;
                    } else {
                        cur.append(d);
                        j++;
                    }
                }
                if (j >= n) {
                    throw unclosed(text, i, "double quote");
                }
                inWord = true;
                i = j + 1;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }

    private static ImportException unclosed(String text, int at, String what) {
        int line = 1;
        int col = 1;
        for (int k = 0; k < at; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new ImportException("the curl command has an unclosed " + what + " opened at line " + line + ", column "
                + col, at);
    }
}
