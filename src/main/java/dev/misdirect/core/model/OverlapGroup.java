package dev.misdirect.core.model;

import java.util.List;

/**
 * Authorities that resolve to the same address and port: the precondition of HTTP/2 coalescing.
 *
 * @param endpoint      the shared address and port
 * @param authorityKeys the authorities on it (two or more)
 */
public record OverlapGroup(Endpoint endpoint, List<String> authorityKeys) {
    public OverlapGroup {
        authorityKeys = List.copyOf(authorityKeys);
    }
}
