package dev.misdirect.interop;

import dev.misdirect.interop.RequiresPrograms.Program;


import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Apache httpd 2.4 (mod_ssl + mod_http2) with name-based vhosts sharing one multi-SAN certificate on one
 * loopback IP:port: mod_ssl answers 421 (AH02032) when the Host's vhost is not TLS-compatible with the SNI's vhost.
 * Four servers: the vhosts allow different protocol versions (TLS 1.2 only, TLS 1.3 only); one vhost verifies
 * client certificates ({@code SSLVerifyClient optional}); the vhosts allow different protocol sets that negotiate
 * the same version (TLS 1.2 + 1.3, TLS 1.3 only), which no handshake shows; and a control with identical settings.
 */
@RequiresPrograms({Program.APACHE_HTTPD})
class ApacheInteropTest extends RealServerContract {

    @Override
    List<ServedPair> startPairs() throws Exception {
        TestPki pki = new TestPki("Misdirect Interop Apache CA");
        Path certs = temporary(RealServer.newDir("misdirect-apache-certs"));
        Path ca = pki.writeCa(certs);
        return List.of(
                pair(pki, certs, "tls-protocols", "127.0.2.21", "SSLProtocol TLSv1.2", "SSLProtocol TLSv1.3",
                        true, true),
                pair(pki, certs, CLIENT_VERIFY, "127.0.2.22", "",
                        "SSLVerifyClient optional\n  SSLCACertificateFile " + ca, true, true),
                // both names negotiate TLS 1.3, so no handshake shows that b allows nothing else
                pair(pki, certs, "hidden-protocols", "127.0.2.24", "SSLProtocol -all +TLSv1.2 +TLSv1.3",
                        "SSLProtocol TLSv1.3", true, false),
                pair(pki, certs, "control", "127.0.2.23", "SSLProtocol -all +TLSv1.2 +TLSv1.3",
                        "SSLProtocol -all +TLSv1.2 +TLSv1.3", false, true));
    }

    private ServedPair pair(TestPki pki, Path certs, String id, String address, String aDirectives,
                            String bDirectives, boolean mismatched, boolean visible) throws Exception {
        String a = "a." + id + ".interop.test";
        String b = "b." + id + ".interop.test";
        TestPki.Leaf leaf = pki.leaf(certs, id, a, b);
        ApacheHttpd server = started(ApacheHttpd.startPair(address, leaf, a, aDirectives, b, bDirectives));
        return new ServedPair(id, server, a, b, mismatched, visible, pki.caCert);
    }
}
