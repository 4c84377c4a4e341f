/**
 * Several vantage points side by side: what each vantage measured of each authority ({@link
 * dev.misdirect.core.vantage.Measures}), where vantages disagree ({@link dev.misdirect.core.vantage.VantageDiff}), the
 * vantage × authority matrix of reports ({@link dev.misdirect.core.vantage.VantageMatrix}) and the merge of session
 * documents from many vantages into one ({@link dev.misdirect.core.vantage.SessionMerge}). Pure: no I/O, any thread.
 */
package dev.misdirect.core.vantage;
