package dev.misdirect.core.model;

/** How much a finding matters. Always shown with a word or icon too, never by colour alone. */
public enum Severity {
    /** Background fact (e.g. "these names share an IP"). */
    INFO,
    /** A risk that some client or server will misbehave. */
    WARNING,
    /** Something observed broken: a 421, a handshake failure, an uncovered name. */
    PROBLEM
}
