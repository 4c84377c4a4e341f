package dev.misdirect.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx (1.22: {@code listen ... ssl http2;}) with a generated configuration: server blocks on one
 * loopback address and port, each serving the files of one document root and answering its own name for the rest.
 * nginx answers 421 when Host ≠ SNI and the Host's server block verifies client certificates.
 */
final class Nginx extends RealServer {
    static final Path BINARY = Path.of("/usr/sbin/nginx");

    /** One server block: its name, certificate files and extra directives. */
    record Block(String serverName, Path certPem, Path keyPem, String extraDirectives) {
    }

    private Nginx(Path dir, String address, int port) {
        super(dir, address, port);
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static Nginx start(String address, List<Block> blocks) throws IOException, InterruptedException {
        Path dir = newDir("misdirect-nginx");
        int port = freePort(address);
        Nginx server = new Nginx(dir, address, port);
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("www"));
        StringBuilder conf = new StringBuilder("""
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log info;
                events { worker_connections 64; }
                http {
                  log_format sni '$remote_port|$ssl_server_name|$http_host|$request_method $request_uri $server_protocol|$status';
                  access_log %1$s/logs/access.log sni;
                  client_body_temp_path %1$s/tmp/body; proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fcgi; uwsgi_temp_path %1$s/tmp/uwsgi; scgi_temp_path %1$s/tmp/scgi;
                """.formatted(dir));
        for (Block b : blocks) {
            conf.append("""
                      server {
                        listen %s:%d ssl http2;
                        server_name %s;
                        ssl_certificate %s;
                        ssl_certificate_key %s;
                        %s
                        root %s/www;
                        add_header Access-Control-Allow-Origin *;
                        location / { try_files $uri @name; }
                        location @name { return 200 "%s\\n"; }
                      }
                    """.formatted(address, port, b.serverName(), b.certPem(), b.keyPem(), b.extraDirectives(), dir,
                    b.serverName()));
        }
        conf.append("}\n");
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        server.start(List.of(BINARY.toString(), "-e", dir.resolve("logs/error.log").toString(), "-c",
                confFile.toString(), "-g", "daemon on;"), dir.resolve("logs/error.log"));
        return server;
    }

    /** Files both blocks serve ({@code /} itself answers the block's name). */
    Path docroot() {
        return dir.resolve("www");
    }

    @Override
    String program() {
        return "nginx";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop(List.of(BINARY.toString(), "-e", dir.resolve("logs/error.log").toString(), "-c",
                dir.resolve("nginx.conf").toString(), "-s", "stop"), dir.resolve("nginx.pid"));
    }
}
