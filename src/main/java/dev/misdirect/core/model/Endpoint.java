package dev.misdirect.core.model;

/**
 * A network address and port a connection went to.
 *
 * @param address IP literal (IPv6 without brackets); the host name instead when a forward proxy resolved it
 *                ({@link ProbeResult#RESOLVED_BY_PROXY})
 * @param port    TCP port
 */
public record Endpoint(String address, int port) {
    @Override
    public String toString() {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
