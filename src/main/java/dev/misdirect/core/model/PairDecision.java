package dev.misdirect.core.model;

/**
 * Whether one client would send {@code second}'s requests on a connection opened for {@code first}, and why.
 *
 * @param first      key of the authority whose connection exists
 * @param second     key of the authority whose request is being placed
 * @param shared     true when the client would reuse the connection
 * @param rule       the rule that decided, in words ("refused: the certificate served for a.example does not cover b.example")
 * @param risk       421 risk when shared ({@link MisdirectRisk#NONE} when not shared)
 * @param riskReason which server behaviour would produce the 421 ("different certificates behind one IP: Apache answers 421")
 */
public record PairDecision(String first, String second, boolean shared, String rule, MisdirectRisk risk,
                           String riskReason) {
}
