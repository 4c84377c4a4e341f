package dev.misdirect.core.coalesce;

import dev.misdirect.core.names.HostPort;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the predictor needs beyond the probe's facts. Immutable; {@link #defaults()} describes a plain client talking
 * to a server that sends no ORIGIN frames.
 *
 * @param originFrames               per authority key ({@code host:port}) whose connection received an ORIGIN frame
 *                                   (RFC 8336), the origins that frame listed, as authority keys ({@code b.example:443});
 *                                   {@link #withOriginFrame} accepts {@code https://b.example[:port]} too
 * @param pins                       per host (canonical, as in {@code Authority.host()}), the base64 SHA-256 SPKI pins
 *                                   the client enforces for it; a host without an entry is not pinned
 * @param okHttpCustomHostnameVerifier true when the OkHttp client was given its own {@code HostnameVerifier}, which
 *                                   disables OkHttp's coalescing
 * @param presentsClientCertificate  true when the client holds a certificate it sends if the server asks for one;
 *                                   browsers never reuse a connection that sent one for another name
 * @param http3Advertised            authority keys reported to advertise HTTP/3 (an {@code Alt-Svc: h3} header or an
 *                                   HTTPS DNS record with {@code alpn=h3} seen elsewhere); the probe's own HTTPS records
 *                                   and Alt-Svc answers are read from its results, not from here
 */
public record PredictionInput(Map<String, Set<String>> originFrames, Map<String, Set<String>> pins,
                              boolean okHttpCustomHostnameVerifier, boolean presentsClientCertificate,
                              Set<String> http3Advertised) {

    public PredictionInput {
        originFrames = copy(originFrames);
        pins = copy(pins);
        http3Advertised = Set.copyOf(new TreeSet<>(http3Advertised));
    }

    /** As the canonical constructor, with no authority known to advertise HTTP/3. */
    public PredictionInput(Map<String, Set<String>> originFrames, Map<String, Set<String>> pins,
                           boolean okHttpCustomHostnameVerifier, boolean presentsClientCertificate) {
        this(originFrames, pins, okHttpCustomHostnameVerifier, presentsClientCertificate, Set.of());
    }

    /**
     * A copy where this authority ({@code host[:port]} or {@code https://host[:port]}) is known to advertise HTTP/3.
     *
     * @throws IllegalArgumentException when it is not an https origin or authority
     */
    public PredictionInput withHttp3Advertised(String authority) {
        Set<String> all = new TreeSet<>(http3Advertised);
        all.add(originToKey(authority));
        return new PredictionInput(originFrames, pins, okHttpCustomHostnameVerifier, presentsClientCertificate, all);
    }

    /**
     * No ORIGIN frames, no pins, OkHttp's own hostname verifier, and a client that presents a certificate when asked
     * (the cautious reading of a certificate request).
     */
    public static PredictionInput defaults() {
        return new PredictionInput(Map.of(), Map.of(), false, true);
    }

    /**
     * A copy where the connection of {@code connectionAuthorityKey} received an ORIGIN frame listing these origins.
     *
     * @param origins {@code https://host[:port]} or {@code host:port} entries; the port defaults to 443
     * @throws IllegalArgumentException when an entry is not an https origin or authority
     */
    public PredictionInput withOriginFrame(String connectionAuthorityKey, Set<String> origins) {
        Map<String, Set<String>> all = new TreeMap<>(originFrames);
        Set<String> keys = new TreeSet<>();
        for (String o : origins) {
            keys.add(originToKey(o));
        }
        all.put(connectionAuthorityKey, keys);
        return new PredictionInput(all, pins, okHttpCustomHostnameVerifier, presentsClientCertificate, http3Advertised);
    }

    /** A copy where {@code host} is pinned to these base64 SHA-256 SPKI hashes. */
    public PredictionInput withPins(String host, Set<String> spkiSha256) {
        Map<String, Set<String>> all = new TreeMap<>(pins);
        all.put(host.toLowerCase(Locale.ROOT), Set.copyOf(spkiSha256));
        return new PredictionInput(originFrames, all, okHttpCustomHostnameVerifier, presentsClientCertificate,
                http3Advertised);
    }

    /** A copy with OkHttp's custom-hostname-verifier flag set to {@code custom}. */
    public PredictionInput withOkHttpCustomHostnameVerifier(boolean custom) {
        return new PredictionInput(originFrames, pins, custom, presentsClientCertificate, http3Advertised);
    }

    /** A copy with the client-certificate flag set to {@code presents}. */
    public PredictionInput withClientCertificate(boolean presents) {
        return new PredictionInput(originFrames, pins, okHttpCustomHostnameVerifier, presents, http3Advertised);
    }

    /** The origins listed by an ORIGIN frame on the connection of this authority key (empty when none). */
    public Set<String> originFrame(String connectionAuthorityKey) {
        return originFrames.getOrDefault(connectionAuthorityKey, Set.of());
    }

    /** The pins enforced for this host (empty when not pinned). */
    public Set<String> pinsFor(String host) {
        return pins.getOrDefault(host.toLowerCase(Locale.ROOT), Set.of());
    }

    /**
     * The authority key ({@code host:port}, lower case) of an https origin or authority: {@code https://B.example}
     * becomes {@code b.example:443}; {@code b.example:8443} stays.
     *
     * @throws IllegalArgumentException when it is not an https origin, or carries a path or a wildcard
     */
    public static String authorityKey(String origin) {
        return originToKey(origin);
    }

    static String originToKey(String origin) {
        Objects.requireNonNull(origin, "origin");
        String s = origin.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("https://")) {
            s = s.substring("https://".length());
        } else if (s.contains("://")) {
            throw new IllegalArgumentException("ORIGIN entry is not an https origin: " + origin);
        }
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.contains("/") || s.contains("*")) {
            throw new IllegalArgumentException("ORIGIN entry is not an origin (no paths or wildcards): " + origin);
        }
        HostPort split = HostPort.parse(s).orElseThrow(() -> new IllegalArgumentException(
                "ORIGIN entry is not host[:port] (an IPv6 address in brackets): " + origin));
        return HostPort.bracketed(split.host()) + ":" + split.port().orElse(443);
    }

    private static Map<String, Set<String>> copy(Map<String, Set<String>> in) {
        Map<String, Set<String>> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(Objects.requireNonNull(k, "key"), Set.copyOf(v)));
        return Map.copyOf(out);
    }
}
