package dev.misdirect.core.names;

import java.util.Optional;

/**
 * The answer of {@link HostnameMatcher}: whether a certificate's SANs cover a host, and why.
 *
 * @param covered    true when some SAN matches
 * @param matchedSan the SAN entry that matched, as written in the certificate
 * @param reason     a sentence: "matched by *.example.com" or the rule that failed for the closest SAN
 */
public record NameMatch(boolean covered, Optional<String> matchedSan, String reason) {
}
