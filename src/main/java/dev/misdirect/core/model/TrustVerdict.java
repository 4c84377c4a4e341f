package dev.misdirect.core.model;

/**
 * The verdict on a served chain. Inspection never aborts on a bad certificate: it records one of these.
 * When several apply, the first in declaration order wins (an expired cert from an unknown issuer is
 * reported as UNKNOWN_ISSUER with the expiry in the reason).
 */
public enum TrustVerdict {
    TRUSTED,
    SELF_SIGNED,
    UNKNOWN_ISSUER,
    EXPIRED,
    NOT_YET_VALID,
    NAME_MISMATCH,
    /** No handshake completed, so there is no chain to judge. */
    NOT_CHECKED
}
