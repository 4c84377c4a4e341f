/**
 * Immutable records and enums shared by every part of Misdirect: authorities, certificates, handshakes,
 * probe results, coalescing predictions, replay runs, findings and the session that holds them.
 * JDK only; no nulls cross this package's border (absent values are {@link java.util.Optional} or an
 * explicit "unknown" constant documented on the field).
 */
package dev.misdirect.core.model;
