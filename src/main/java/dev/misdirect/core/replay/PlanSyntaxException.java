package dev.misdirect.core.replay;

/**
 * A replay plan's text could not be read. The message names the step (1-based, as written) and the reason,
 * e.g. {@code step 2 "GET b.lab.test/": the URL must be absolute https (https://host[:port]/path)}.
 */
public final class PlanSyntaxException extends IllegalArgumentException {
    private final int stepNumber;
    private final String stepText;
    private final String reason;

    public PlanSyntaxException(int stepNumber, String stepText, String reason) {
        super("step " + stepNumber + " \"" + stepText + "\": " + reason);
        this.stepNumber = stepNumber;
        this.stepText = stepText;
        this.reason = reason;
    }

    /** 1-based number of the offending step, counting the steps as written (blank ones and comments skipped). */
    public int stepNumber() {
        return stepNumber;
    }

    public String stepText() {
        return stepText;
    }

    public String reason() {
        return reason;
    }
}
