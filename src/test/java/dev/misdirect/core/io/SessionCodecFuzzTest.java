package dev.misdirect.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.misdirect.core.model.Session;
import dev.misdirect.testing.FuzzContract;

import java.nio.charset.StandardCharsets;

/**
 * Any text given as a session document is read or refused with a {@link SessionFormatException} naming the source
 * and the reason; a document that is read is written back and reads again as the same session.
 */
class SessionCodecFuzzTest {
    private static final SessionCodec CODEC = new SessionCodec();

    @FuzzTest(maxDuration = FuzzContract.FUZZ_DURATION)
    void anyDocumentReadsOrIsRefusedWithAReason(byte[] input) throws SessionFormatException {
        Session session;
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            session = CODEC.parse(text, "fuzz.json");
        } catch (SessionFormatException e) {
            FuzzContract.requireUserMessage(e, text);
            return;
        }
        Session again = CODEC.parse(CODEC.toJson(session), "written.json");
        if (!again.equals(session)) {
            throw new AssertionError("a session read from a document does not read back the same after writing");
        }
    }
}
