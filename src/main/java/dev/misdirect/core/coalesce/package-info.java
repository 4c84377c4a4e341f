/**
 * Coalescing prediction: for each real client ({@link dev.misdirect.core.coalesce.ClientPolicy}), which authorities
 * would share one connection, the rule that decided every pair, and how likely the origin is to answer
 * 421 Misdirected Request for each shared pair. Pure: no I/O, no OkHttp; entry point
 * {@link dev.misdirect.core.coalesce.Predictor}.
 */
package dev.misdirect.core.coalesce;
