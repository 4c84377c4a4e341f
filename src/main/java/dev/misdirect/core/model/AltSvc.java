package dev.misdirect.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Alt-Svc} header (RFC 7838) of one answer the probe asked for ({@code probe --alt-svc}: one HEAD request
 * on the authority's own connection, no credentials).
 *
 * @param value   the header's value as received; empty when the answer had none
 * @param request what was sent and where: {@code HEAD / to 192.0.2.1:443 (h2)}
 * @param status  the answer's status, 0 when there was no answer
 * @param error   why there was no answer, when there was none
 */
public record AltSvc(Optional<String> value, String request, int status, Optional<String> error) {

    public AltSvc {
        value = value == null ? Optional.empty() : value;
        Objects.requireNonNull(request, "request");
        error = error == null ? Optional.empty() : error;
    }

    /**
     * The ALPN protocol ids the header offers alternatives for ({@code h3}, {@code h2}), in its order; empty for
     * {@code clear} or no header. Only the protocol id of each comma-separated alternative is read: the part before
     * {@code =}, percent-decoded (RFC 7838 §3).
     */
    public List<String> protocols() {
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String alternative : value.get().split(",")) {
            int eq = alternative.indexOf('=');
            String id = (eq < 0 ? alternative : alternative.substring(0, eq)).trim();
            if (!id.isEmpty() && !id.startsWith(";") && !id.equalsIgnoreCase("clear") && !id.contains(";")) {
                out.add(java.net.URLDecoder.decode(id.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
                        .toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(out);
    }

    /** True when the header offers an {@code h3} alternative. */
    public boolean advertisesH3() {
        return protocols().contains("h3");
    }

    /** One line for people: the value, "none" or "no answer (why)", and what was sent. */
    public String describe() {
        String what = error.map(e -> "no answer (" + e + ")")
                .orElseGet(() -> value.map(v -> "Alt-Svc: " + v).orElse("no Alt-Svc header"));
        return what + ", from " + request + (status > 0 ? " → " + status : "");
    }
}
