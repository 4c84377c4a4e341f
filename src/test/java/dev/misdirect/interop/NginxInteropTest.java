package dev.misdirect.interop;

import dev.misdirect.interop.RequiresPrograms.Program;


import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx 1.22 with two server blocks sharing one multi-SAN certificate on one loopback IP:port: nginx answers
 * 421 when the Host differs from the SNI and the Host's server block verifies client certificates. Two servers: the
 * second block with {@code ssl_verify_client optional}, and a control with identical blocks.
 */
@RequiresPrograms({Program.NGINX})
class NginxInteropTest extends RealServerContract {

    @Override
    List<ServedPair> startPairs() throws Exception {
        TestPki pki = new TestPki("Misdirect Interop nginx CA");
        Path certs = temporary(RealServer.newDir("misdirect-nginx-certs"));
        Path ca = pki.writeCa(certs);
        return List.of(
                pair(pki, certs, CLIENT_VERIFY, "127.0.2.31", "",
                        "ssl_verify_client optional; ssl_client_certificate " + ca + ";", true),
                pair(pki, certs, "control", "127.0.2.32", "", "", false));
    }

    private ServedPair pair(TestPki pki, Path certs, String id, String address, String aDirectives,
                            String bDirectives, boolean mismatched) throws Exception {
        String a = "a." + id + ".interop.test";
        String b = "b." + id + ".interop.test";
        TestPki.Leaf leaf = pki.leaf(certs, id, a, b);
        Nginx server = started(Nginx.start(address, List.of(
                new Nginx.Block(a, leaf.certPem(), leaf.keyPem(), aDirectives),
                new Nginx.Block(b, leaf.certPem(), leaf.keyPem(), bDirectives))));
        return new ServedPair(id, server, a, b, mismatched, true, pki.caCert);
    }
}
