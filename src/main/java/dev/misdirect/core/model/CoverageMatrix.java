package dev.misdirect.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The SAN coverage matrix: rows are authorities, columns the distinct leaf certificates served.
 *
 * @param authorityKeys row keys, in authority-set order
 * @param certificates  distinct leaf certificates, in the order first served
 * @param cells         one cell per row × column
 */
public record CoverageMatrix(List<String> authorityKeys, List<CertificateInfo> certificates, List<CoverageCell> cells) {
    public CoverageMatrix {
        authorityKeys = List.copyOf(authorityKeys);
        certificates = List.copyOf(certificates);
        cells = List.copyOf(cells);
    }

    public static CoverageMatrix empty() {
        return new CoverageMatrix(List.of(), List.of(), List.of());
    }

    /**
     * True when some certificate of the matrix was served to this authority; false for a name whose probe got no
     * certificate (not resolved, refused, handshake failed), whose cells then say only what a certificate would cover.
     */
    public boolean receivedCertificate(String authorityKey) {
        return cells.stream().anyMatch(c -> c.authorityKey().equals(authorityKey) && c.servedToAuthority());
    }

    public Optional<CoverageCell> cell(String authorityKey, String certFingerprint) {
        return cells.stream()
                .filter(c -> c.authorityKey().equals(authorityKey) && c.certFingerprint().equals(certFingerprint))
                .findFirst();
    }
}
