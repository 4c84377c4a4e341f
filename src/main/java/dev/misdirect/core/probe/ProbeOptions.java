package dev.misdirect.core.probe;

import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.core.tls.TlsStack;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to probe.
 *
 * @param dnsTimeout        how long to wait for one name's addresses
 * @param connectTimeout    how long one TCP connect may take
 * @param tlsTimeout        how long one TLS handshake may take, in total
 * @param concurrency       at most this many authorities are probed at once (1 or more)
 * @param tryResumption     after a completed handshake, make a second one to see whether the session resumes
 * @param alpn              protocols offered in ALPN, in preference order (empty: no ALPN extension)
 * @param clientCredentials offered when a server asks for a client certificate; none: an empty certificate is sent
 * @param tlsStack          the TLS implementation that makes the handshakes
 * @param tlsSettings       after each address's handshake, learn the TLS settings it applies to the name
 *                          ({@link dev.misdirect.core.model.TlsSettings}): at most
 *                          {@link dev.misdirect.core.model.TlsSettings#maxClientHellos} more handshakes per name and
 *                          address, one at a time, each with the timeouts above
 */
public record ProbeOptions(Duration dnsTimeout, Duration connectTimeout, Duration tlsTimeout, int concurrency,
                           boolean tryResumption, List<String> alpn, Optional<ClientCredentials> clientCredentials,
                           TlsStack tlsStack, boolean tlsSettings) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_CONCURRENCY = 16;

    public ProbeOptions {
        Objects.requireNonNull(clientCredentials, "clientCredentials");
        Objects.requireNonNull(tlsStack, "tlsStack");
        alpn = List.copyOf(alpn);
        requirePositive(dnsTimeout, "dnsTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(tlsTimeout, "tlsTimeout");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be 1 or more, was " + concurrency);
        }
    }

    /**
     * 5 s per phase, 16 at once, no resumption check, ALPN h2 and http/1.1, no client certificate, the
     * {@linkplain TlsStack#preferred() preferred} TLS stack, no settings pass.
     */
    public static ProbeOptions defaults() {
        return new ProbeOptions(DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_CONCURRENCY, false,
                List.of("h2", "http/1.1"), Optional.empty(), TlsStack.preferred(), false);
    }

    public ProbeOptions withDnsTimeout(Duration d) {
        return new ProbeOptions(d, connectTimeout, tlsTimeout, concurrency, tryResumption, alpn, clientCredentials, tlsStack, tlsSettings);
    }

    public ProbeOptions withConnectTimeout(Duration d) {
        return new ProbeOptions(dnsTimeout, d, tlsTimeout, concurrency, tryResumption, alpn, clientCredentials, tlsStack, tlsSettings);
    }

    public ProbeOptions withTlsTimeout(Duration d) {
        return new ProbeOptions(dnsTimeout, connectTimeout, d, concurrency, tryResumption, alpn, clientCredentials, tlsStack, tlsSettings);
    }

    public ProbeOptions withConcurrency(int n) {
        return new ProbeOptions(dnsTimeout, connectTimeout, tlsTimeout, n, tryResumption, alpn, clientCredentials, tlsStack, tlsSettings);
    }

    public ProbeOptions withResumption(boolean on) {
        return new ProbeOptions(dnsTimeout, connectTimeout, tlsTimeout, concurrency, on, alpn, clientCredentials, tlsStack, tlsSettings);
    }

    public ProbeOptions withAlpn(List<String> protocols) {
        return new ProbeOptions(dnsTimeout, connectTimeout, tlsTimeout, concurrency, tryResumption, protocols, clientCredentials, tlsStack, tlsSettings);
    }

    public ProbeOptions withClientCredentials(Optional<ClientCredentials> c) {
        return new ProbeOptions(dnsTimeout, connectTimeout, tlsTimeout, concurrency, tryResumption, alpn, c, tlsStack, tlsSettings);
    }

    public ProbeOptions withTlsStack(TlsStack stack) {
        return new ProbeOptions(dnsTimeout, connectTimeout, tlsTimeout, concurrency, tryResumption, alpn, clientCredentials,
                stack, tlsSettings);
    }

    /** With or without the settings pass ({@link #tlsSettings()}). */
    public ProbeOptions withTlsSettings(boolean on) {
        return new ProbeOptions(dnsTimeout, connectTimeout, tlsTimeout, concurrency, tryResumption, alpn, clientCredentials,
                tlsStack, on);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d.toMillis() + " ms");
        }
    }
}
