package dev.misdirect.core.tls;

import dev.misdirect.core.model.TrustVerdict;

/**
 * The judgement of a served chain: the verdict and a sentence saying why.
 *
 * @param verdict the verdict (see {@link TrustVerdict} for precedence)
 * @param reason  why, naming the certificate and the rule ("issuer CN=Lab CA is not in the trust store")
 */
public record ChainVerdict(TrustVerdict verdict, String reason) {
}
