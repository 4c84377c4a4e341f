package dev.misdirect.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Apache httpd 2.4 (mod_ssl + mod_http2, event MPM) with a generated configuration: name-based TLS
 * vhosts on one loopback address and port. mod_ssl answers 421 (AH02032) when the Host selects a vhost whose
 * TLS settings differ from the vhost the SNI selected.
 */
final class ApacheHttpd extends RealServer {
    static final Path BINARY = Path.of("/usr/sbin/apache2");
    static final Path MODULES = Path.of("/usr/lib/apache2/modules");

    /** One name-based vhost: its name, certificate files and extra mod_ssl directives. */
    record VHost(String serverName, Path certPem, Path keyPem, String extraDirectives) {
    }

    private ApacheHttpd(Path dir, String address, int port) {
        super(dir, address, port);
    }

    static boolean available() {
        return Files.isExecutable(BINARY) && Files.exists(MODULES.resolve("mod_ssl.so"))
                && Files.exists(MODULES.resolve("mod_http2.so"));
    }

    static ApacheHttpd start(String address, List<VHost> vhosts) throws IOException, InterruptedException {
        Path dir = newDir("misdirect-apache");
        int port = freePort(address);
        ApacheHttpd server = new ApacheHttpd(dir, address, port);
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("www/index.html"), "<!doctype html><title>interop</title><p>ok</p>\n");
        Files.writeString(dir.resolve("www/pixel.txt"), "pixel\n");
        StringBuilder conf = new StringBuilder();
        conf.append("ServerRoot ").append(dir).append('\n');
        for (String m : List.of("mpm_event", "authz_core", "mime", "dir", "ssl", "http2")) {
            conf.append("LoadModule ").append(m).append("_module ").append(MODULES.resolve("mod_" + m + ".so")).append('\n');
        }
        if (isRoot()) {
            conf.append("User www-data\nGroup www-data\n");
        }
        conf.append("""
                ServerName localhost
                PidFile %1$s/run/httpd.pid
                DefaultRuntimeDir %1$s/run
                ErrorLog %1$s/logs/error.log
                LogLevel warn ssl:info
                LogFormat "%%{remote}p|%%{SSL_TLS_SNI}x|%%{Host}i|%%r|%%>s" sni
                CustomLog %1$s/logs/access.log sni
                TypesConfig /etc/mime.types
                DocumentRoot %1$s/www
                SSLSessionCache none
                Protocols h2 http/1.1
                Listen %2$s:%3$d
                """.formatted(dir, address, port));
        for (VHost v : vhosts) {
            conf.append("""
                    <VirtualHost %s:%d>
                      ServerName %s
                      DocumentRoot %s/www
                      SSLEngine on
                      SSLCertificateFile %s
                      SSLCertificateKeyFile %s
                      %s
                    </VirtualHost>
                    """.formatted(address, port, v.serverName(), dir, v.certPem(), v.keyPem(), v.extraDirectives()));
        }
        Path confFile = dir.resolve("httpd.conf");
        Files.writeString(confFile, conf);
        server.start(List.of(BINARY.toString(), "-f", confFile.toString(), "-k", "start"), dir.resolve("logs/error.log"));
        return server;
    }

    /**
     * Starts two name-based vhosts, {@code a} and {@code b}, under one certificate covering both, each with its own
     * extra mod_ssl directives.
     */
    static ApacheHttpd startPair(String address, TestPki.Leaf shared, String a, String aDirectives, String b,
                                 String bDirectives) throws IOException, InterruptedException {
        return start(address, List.of(new VHost(a, shared.certPem(), shared.keyPem(), aDirectives),
                new VHost(b, shared.certPem(), shared.keyPem(), bDirectives)));
    }

    /** The document root both vhosts serve; files written here are served at once. */
    Path docroot() {
        return dir.resolve("www");
    }

    @Override
    String program() {
        return "Apache httpd";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop(List.of(BINARY.toString(), "-f", dir.resolve("httpd.conf").toString(), "-k", "stop"),
                dir.resolve("run/httpd.pid"));
    }
}
