package dev.misdirect.core.model;

import java.util.Optional;

/**
 * One cell of the SAN coverage matrix: does this certificate cover this authority's host?
 *
 * @param authorityKey      the row ({@code host:port})
 * @param certFingerprint   the column (SHA-256 fingerprint of the certificate)
 * @param covered           true when a SAN matches under RFC 9525
 * @param matchedSan        the SAN that matched ("*.tenants.lab.test"), when covered
 * @param reason            why it matched or the rule that failed ("wildcard covers one label only: a.b.example.com")
 * @param servedToAuthority true when this certificate was actually served to this authority (on some address)
 */
public record CoverageCell(String authorityKey, String certFingerprint, boolean covered, Optional<String> matchedSan,
                           String reason, boolean servedToAuthority) {
}
