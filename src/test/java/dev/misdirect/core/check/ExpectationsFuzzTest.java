package dev.misdirect.core.check;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.misdirect.testing.FuzzContract;

/** Any text given as an expectations file (YAML or JSON) is read or refused with the line and the reason. */
class ExpectationsFuzzTest {
    @FuzzTest(maxDuration = FuzzContract.FUZZ_DURATION)
    void anyFileReadsOrIsRefusedWithAReason(FuzzedDataProvider data) {
        String source = data.consumeBoolean() ? "expectations.json" : "expectations.yaml";
        String text = data.consumeRemainingAsString();
        try {
            Expectations.parse(text, source);
        } catch (ExpectationsException e) {
            FuzzContract.requireUserMessage(e, text);
        }
    }
}
