package dev.misdirect.core.tls;

import org.conscrypt.Conscrypt;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The TLS implementation that makes the probe's handshakes. Both are well-kept implementations, not code of ours:
 * {@link #CONSCRYPT} is Conscrypt, Google's Java binding of BoringSSL (the TLS library Chromium uses; native, so a
 * handshake costs about the same in a fresh process as in a warm one), {@link #JDK} is the JDK's own SunJSSE (what a
 * Java client sends and accepts; its elliptic-curve arithmetic is interpreted Java until the JIT compiles it, so the
 * first handshakes of a process cost tens of milliseconds of CPU each).
 */
public enum TlsStack {
    CONSCRYPT("conscrypt"),
    JDK("jdk");

    private final String id;
    /** Stacks already warmed in this process (see {@link #warmUp}). */
    private static final ConcurrentMap<TlsStack, Boolean> WARM = new ConcurrentHashMap<>();

    TlsStack(String id) {
        this.id = id;
    }

    /** The name used on the command line ({@code --tls-provider}) and in session files. */
    public String id() {
        return id;
    }

    /** The stack of this id, if any (case-insensitive). */
    public static Optional<TlsStack> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equalsIgnoreCase(id.trim())).findFirst();
    }

    /** Conscrypt where its native library loads on this platform, else the JDK's. */
    public static TlsStack preferred() {
        return CONSCRYPT.available() ? CONSCRYPT : JDK;
    }

    /** Whether this stack can make handshakes here (Conscrypt ships native code for some platforms only). */
    public boolean available() {
        return this == JDK || ConscryptHolder.PROVIDER.isPresent();
    }

    /** How findings and reports name this stack, with its version: "Conscrypt 2.5.2 (BoringSSL)", "JDK 17.0.15 SunJSSE". */
    public String describe() {
        if (this == JDK) {
            return "JDK " + System.getProperty("java.version", "") + " SunJSSE";
        }
        return ConscryptHolder.PROVIDER.map(p -> "Conscrypt " + ConscryptHolder.version() + " (BoringSSL)")
                .orElse("Conscrypt (not available on " + platform() + ")");
    }

    /**
     * A client TLS context of this stack with these key and trust managers.
     *
     * @throws GeneralSecurityException when the stack is not available here or refuses the managers
     */
    public SSLContext newContext(KeyManager[] keys, TrustManager[] trust) throws GeneralSecurityException {
        SSLContext ctx = this == JDK ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS",
                ConscryptHolder.PROVIDER.orElseThrow(() -> new GeneralSecurityException(
                        "Conscrypt is not available on " + platform() + "; use --tls-provider jdk")));
        ctx.init(keys, trust, null);
        return ctx;
    }

    /**
     * Loads and links this stack's client handshake code once per process, before any handshake is timed, by
     * writing a ClientHello into memory (nothing is sent): a handshake's measured time is then the network's and
     * the server's, not this process's class loading. Blocks for the time that takes (milliseconds once done);
     * never fails (a stack that cannot warm up is timed cold).
     */
    public void warmUp() {
        WARM.computeIfAbsent(this, s -> {
            try {
                SSLEngine engine = newContext(null, new TrustManager[]{new TrustNothing()})
                        .createSSLEngine("warm-up.invalid", 443);
                engine.setUseClientMode(true);
                engine.beginHandshake();
                ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                engine.wrap(ByteBuffer.allocate(0), out);
                engine.closeOutbound();
            } catch (GeneralSecurityException | SSLException | RuntimeException e) {
                // nothing to warm: the first handshake is timed with its class loading
            }
            return Boolean.TRUE;
        });
    }

    /** The warm-up's trust: it never gets as far as a certificate; had it, nothing would be trusted. */
    private static final class TrustNothing implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the warm-up trusts nothing");
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the warm-up trusts nothing");
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    private static String platform() {
        return System.getProperty("os.name", "?").toLowerCase(Locale.ROOT) + "-" + System.getProperty("os.arch", "?");
    }

    /** Conscrypt's provider, made on first use (loading its native library takes a moment). */
    private static final class ConscryptHolder {
        static final Optional<Provider> PROVIDER = load();

        private static Optional<Provider> load() {
            try {
                return Conscrypt.isAvailable() ? Optional.of(Conscrypt.newProvider()) : Optional.empty();
            } catch (LinkageError | RuntimeException e) {
                return Optional.empty();
            }
        }

        static String version() {
            Conscrypt.Version v = Conscrypt.version();
            return v == null ? "?" : v.major() + "." + v.minor() + "." + v.patch();
        }
    }
}
