package dev.misdirect.core.net;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The single trust manager and socket factory of a run: the JDK trust store and/or the extra CAs in one key
 * store, plus an optional client identity. One instance per run, because OkHttp only coalesces between addresses
 * with the same {@link SSLSocketFactory}.
 */
record TrustMaterial(X509TrustManager trustManager, SSLSocketFactory socketFactory,
                     ClientCertificateRequests clientCertificateRequests) {

    static TrustMaterial of(List<X509Certificate> extraCas, boolean trustSystemCas,
                            Optional<X509KeyManager> clientIdentity) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            if (trustSystemCas) {
                TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                system.init((KeyStore) null);
                for (TrustManager tm : system.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        for (X509Certificate ca : x.getAcceptedIssuers()) {
                            store.setCertificateEntry("system-" + n++, ca);
                        }
                    }
                }
            }
            for (X509Certificate ca : extraCas) {
                store.setCertificateEntry("extra-" + n++, ca);
            }
            if (n == 0) {
                throw new IllegalArgumentException("no trusted certificates: give extra CAs or trust the system store");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            X509TrustManager tm = null;
            for (TrustManager t : tmf.getTrustManagers()) {
                if (t instanceof X509TrustManager x) {
                    tm = x;
                }
            }
            if (tm == null) {
                throw new IllegalStateException("the JDK offers no X509TrustManager");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            ClientCertificateRequests keys = new ClientCertificateRequests(clientIdentity);
            context.init(new KeyManager[] {keys}, new TrustManager[] {tm}, null);
            return new TrustMaterial(tm, context.getSocketFactory(), keys);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not set up TLS trust: " + e.getMessage(), e);
        }
    }
}
