package dev.misdirect.core.model;

import java.util.Optional;

/**
 * Whether one client would send {@code second}'s requests on a connection opened for {@code first}, and why.
 *
 * @param first      key of the authority whose connection exists
 * @param second     key of the authority whose request is being placed
 * @param shared     true when the client would reuse the connection
 * @param rule       the rule that decided, in words ("refused: the certificate served for a.example does not cover b.example")
 * @param risk       421 risk when shared ({@link MisdirectRisk#NONE} when not shared)
 * @param riskReason which server behaviour would produce the 421 ("different certificates behind one IP: Apache answers 421"),
 *                   or, when {@code measured}, what the measurement showed
 * @param measured   what {@code verify} measured for this pair, when it did: the risk then comes from the
 *                   measurement, not from the prediction
 */
public record PairDecision(String first, String second, boolean shared, String rule, MisdirectRisk risk,
                           String riskReason, Optional<PairVerdict> measured) {
    public PairDecision {
        measured = measured == null ? Optional.empty() : measured; // documents written before measurements
    }

    /** A predicted decision (nothing measured). */
    public PairDecision(String first, String second, boolean shared, String rule, MisdirectRisk risk, String riskReason) {
        this(first, second, shared, rule, risk, riskReason, Optional.empty());
    }

    /** This decision with its risk taken from a measurement. */
    public PairDecision measuredAs(PairVerdict verdict, MisdirectRisk measuredRisk, String reason) {
        return new PairDecision(first, second, shared, rule, measuredRisk, reason, Optional.of(verdict));
    }

    /** This decision, still predicted, with its risk reason saying so (and why it was not measured). */
    public PairDecision predictedOnly(String why) {
        return new PairDecision(first, second, shared, rule, risk, "predicted: " + riskReason + why, Optional.empty());
    }
}
