package dev.misdirect.core.replay;

import dev.misdirect.core.names.HostPort;
import dev.misdirect.core.names.IpLiterals;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An ordered list of requests to replay, with a text form.
 *
 * <h2>Grammar</h2>
 * <pre>
 * plan    = step *( SEP step )          SEP is ";" or a line break; empty steps and lines starting with "#" are skipped
 * step    = METHOD URL *( option )      separated by spaces
 * METHOD  = letters (GET, HEAD, POST, ...), printed upper case
 * URL     = https://host[:port][/path][?query]    absolute, https only
 * option  = "@" ADDRESS                 pin: send this step to one node (IPv4 literal or [IPv6] literal)
 *         | "x" N | "repeat=" N         send it N times in a row (1..10000)
 *         | "concurrency=" N            with up to N of the repeats in flight at once (1..64)
 *         | "header=" NAME ":" VALUE    an extra request header (not Host: the connection policy decides it)
 *         | "body=" TEXT                a request body (text/plain; UTF-8)
 * </pre>
 * An option containing spaces, ";" or "#" is written in double quotes ({@code "header=Authorization: Bearer t"});
 * inside quotes {@code \"} and {@code \\} escape. Example:
 * {@code GET https://a.lab.test/ ; GET https://b.lab.test/ @127.0.0.12 ; GET https://a.lab.test/ x3}.
 * {@link #parse} and {@link #toText} round-trip.
 *
 * @param steps the steps, in order
 */
public record ReplayPlan(List<Step> steps) {
    public static final int MAX_REPEAT = 10_000;
    public static final int MAX_CONCURRENCY = 64;

    public ReplayPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a replay plan needs at least one step");
        }
    }

    /**
     * One request of the plan.
     *
     * @param method      HTTP method, upper case
     * @param url         absolute https URL
     * @param headers     extra request headers in order
     * @param body        request body text, when any
     * @param repeat      how many times to send it (1 = once)
     * @param concurrency how many of the repeats may be in flight at once (1 = one after the other)
     * @param pin         an IP literal: send it to that node only
     */
    public record Step(String method, URI url, Map<String, String> headers, Optional<String> body, int repeat,
                       int concurrency, Optional<String> pin) {
        public Step {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(pin, "pin");
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            if (repeat < 1 || repeat > MAX_REPEAT) {
                throw new IllegalArgumentException("repeat must be 1.." + MAX_REPEAT + ", got " + repeat);
            }
            if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
                throw new IllegalArgumentException("concurrency must be 1.." + MAX_CONCURRENCY + ", got " + concurrency);
            }
        }

        /** A plain GET, sent once. */
        public static Step get(String url) {
            return new Step("GET", URI.create(url), Map.of(), Optional.empty(), 1, 1, Optional.empty());
        }

        /** A copy pinned to this address. */
        public Step pinnedTo(String address) {
            return new Step(method, url, headers, body, repeat, concurrency, Optional.of(address));
        }

        /** A copy sent {@code n} times, up to {@code parallel} at once. */
        public Step repeated(int n, int parallel) {
            return new Step(method, url, headers, body, n, parallel, pin);
        }

        /** {@code host:port} of the URL (host lower case, port 443 when absent). */
        public String authorityKey() {
            String host = url.getHost().toLowerCase(Locale.ROOT);
            return host + ":" + (url.getPort() == -1 ? 443 : url.getPort());
        }

        /** The host of the URL, lower case (IPv6 without brackets). */
        public String host() {
            return HostPort.hostOf(url.getHost().toLowerCase(Locale.ROOT));
        }

        /** The step in plan text form. */
        public String toText() {
            StringBuilder sb = new StringBuilder(method).append(' ').append(url);
            pin.ifPresent(p -> sb.append(" @").append(HostPort.bracketed(p)));
            if (repeat > 1) {
                sb.append(" x").append(repeat);
            }
            if (concurrency > 1) {
                sb.append(" concurrency=").append(concurrency);
            }
            headers.forEach((k, v) -> sb.append(' ').append(quote("header=" + k + ": " + v)));
            body.ifPresent(b -> sb.append(' ').append(quote("body=" + b)));
            return sb.toString();
        }
    }

    public static ReplayPlan of(Step... steps) {
        return new ReplayPlan(List.of(steps));
    }

    /** GET each origin in order, then the first again: the smallest plan that shows reuse and coalescing. */
    public static ReplayPlan visiting(List<URI> origins) {
        List<Step> steps = new ArrayList<>();
        for (URI o : origins) {
            steps.add(new Step("GET", o, Map.of(), Optional.empty(), 1, 1, Optional.empty()));
        }
        if (origins.size() > 1) {
            steps.add(steps.get(0));
        }
        return new ReplayPlan(steps);
    }

    /** Number of requests the plan sends (repeats counted), before any retry. */
    public int requestCount() {
        return steps.stream().mapToInt(Step::repeat).sum();
    }

    /** The plan in text form, steps separated by {@code " ; "}. */
    public String toText() {
        return steps.stream().map(Step::toText).collect(Collectors.joining(" ; "));
    }

    @Override
    public String toString() {
        return toText();
    }

    /**
     * Reads the text form (see the class comment).
     *
     * @throws PlanSyntaxException naming the first bad step and the reason
     */
    public static ReplayPlan parse(String text) {
        List<String> raw = splitSteps(text);
        List<Step> steps = new ArrayList<>();
        int number = 0;
        for (String stepText : raw) {
            String t = stepText.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            number++;
            steps.add(parseStep(number, t));
        }
        if (steps.isEmpty()) {
            throw new PlanSyntaxException(1, text.strip(), "the plan has no step (write e.g. GET https://a.example/)");
        }
        return new ReplayPlan(steps);
    }

    private static Step parseStep(int number, String text) {
        List<String> tokens;
        try {
            tokens = tokens(text);
        } catch (IllegalArgumentException e) {
            throw new PlanSyntaxException(number, text, e.getMessage());
        }
        if (tokens.size() < 2) {
            throw new PlanSyntaxException(number, text, "a step is METHOD URL [options], e.g. GET https://a.example/");
        }
        String method = tokens.get(0);
        if (!method.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            throw new PlanSyntaxException(number, text, "'" + method + "' is not an HTTP method (letters only)");
        }
        method = method.toUpperCase(Locale.ROOT);
        URI url = url(number, text, tokens.get(1));
        Map<String, String> headers = new LinkedHashMap<>();
        Optional<String> body = Optional.empty();
        Optional<String> pin = Optional.empty();
        int repeat = 1;
        int concurrency = 1;
        for (String opt : tokens.subList(2, tokens.size())) {
            if (opt.startsWith("@")) {
                String a = opt.substring(1);
                if (!IpLiterals.isIpLiteral(a)) {
                    throw new PlanSyntaxException(number, text, "pin '" + opt + "' is not an IP address (@127.0.0.12 or @[::1])");
                }
                pin = Optional.of(HostPort.hostOf(a));
            } else if (opt.matches("x\\d+") || opt.startsWith("repeat=")) {
                repeat = number(number, text, opt, opt.startsWith("x") ? opt.substring(1) : opt.substring(7), MAX_REPEAT);
            } else if (opt.startsWith("concurrency=")) {
                concurrency = number(number, text, opt, opt.substring(12), MAX_CONCURRENCY);
            } else if (opt.startsWith("header=")) {
                String h = opt.substring(7);
                int colon = h.indexOf(':');
                String name = colon > 0 ? h.substring(0, colon).strip() : "";
                if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                    throw new PlanSyntaxException(number, text, "'" + opt + "' is not header=NAME: VALUE");
                }
                if (name.equalsIgnoreCase("host")) {
                    throw new PlanSyntaxException(number, text,
                            "a Host header cannot be set: the connection policy decides it (use the URL's host)");
                }
                String value = h.substring(colon + 1).strip();
                int bad = firstUnsendable(value);
                if (bad >= 0) {
                    throw new PlanSyntaxException(number, text, String.format(Locale.ROOT,
                            "header %s: its value has U+%04X, which cannot be sent in a header (visible ASCII, space "
                                    + "and tab only)", name, (int) value.charAt(bad)));
                }
                headers.put(name, value);
            } else if (opt.startsWith("body=")) {
                body = Optional.of(opt.substring(5));
            } else {
                throw new PlanSyntaxException(number, text, "unknown option '" + opt
                        + "' (expected @ADDRESS, xN, repeat=N, concurrency=N, header=NAME: VALUE or body=TEXT)");
            }
        }
        if (body.isPresent() && (method.equals("GET") || method.equals("HEAD"))) {
            throw new PlanSyntaxException(number, text, "a " + method + " request cannot carry a body (body=...): "
                    + "use POST, PUT or PATCH, or drop the body");
        }
        return new Step(method, url, headers, body, repeat, concurrency, pin);
    }

    /** Where {@code value} has a character an HTTP client refuses in a header value (CR, LF, non-ASCII), or -1. */
    private static int firstUnsendable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                return i;
            }
        }
        return -1;
    }

    private static URI url(int number, String text, String token) {
        URI url;
        try {
            url = new URI(token);
        } catch (URISyntaxException e) {
            throw new PlanSyntaxException(number, text, "'" + token + "' is not a URL: " + e.getReason());
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw new PlanSyntaxException(number, text, "the URL must be absolute https (https://host[:port]/path), got '"
                    + token + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new PlanSyntaxException(number, text, "the URL '" + token + "' has no host");
        }
        if (url.getRawPath() == null || url.getRawPath().isEmpty()) {
            try {
                url = new URI(url.getScheme(), url.getRawAuthority(), "/", url.getRawQuery(), null);
                url = URI.create(url.toString());
            } catch (URISyntaxException e) {
                throw new PlanSyntaxException(number, text, e.getMessage());
            }
        }
        return url;
    }

    private static int number(int number, String text, String opt, String digits, int max) {
        int n;
        try {
            n = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > max) {
            throw new PlanSyntaxException(number, text, "'" + opt + "' needs a number from 1 to " + max);
        }
        return n;
    }

    /** Splits at ";" and line breaks outside double quotes. */
    private static List<String> splitSteps(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                cur.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && (c == ';' || c == '\n' || c == '\r')) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Space-separated tokens; double quotes group and are removed; \" and \\ escape inside quotes. */
    private static List<String> tokens(String step) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < step.length(); i++) {
            char c = step.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < step.length()) {
                    cur.append(step.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a double quote is not closed");
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    static String quote(String token) {
        if (token.chars().noneMatch(c -> Character.isWhitespace(c) || c == ';' || c == '"' || c == '#' || c == '\\')) {
            return token;
        }
        return "\"" + token.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
