package dev.misdirect.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.misdirect.testing.FuzzContract;

import java.nio.charset.StandardCharsets;

/** Any text given as a curl command is imported or refused with an {@link ImportException} naming the reason. */
class CurlParserFuzzTest {
    @FuzzTest(maxDuration = FuzzContract.FUZZ_DURATION)
    void anyCommandTextImportsOrIsRefusedWithAReason(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Importers.fromCurl("command.txt", text);
        } catch (ImportException e) {
            FuzzContract.requireUserMessage(e, text);
        }
    }
}
