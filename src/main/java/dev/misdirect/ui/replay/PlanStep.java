package dev.misdirect.ui.replay;

import java.util.Objects;

/**
 * One step of the plan editor's list: what the list shows and edits (method, URL, pin) and the step's whole text
 * form, which keeps the options the list does not edit (repeats, concurrency, headers, body).
 *
 * @param method HTTP method
 * @param url    absolute https URL
 * @param pin    IP address the step is pinned to, "" when none
 * @param text   the step in plan text form
 */
public record PlanStep(String method, String url, String pin, String text) {
    public PlanStep {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(text, "text");
    }
}
