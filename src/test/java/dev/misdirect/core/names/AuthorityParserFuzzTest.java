package dev.misdirect.core.names;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.testing.FuzzContract;

/**
 * Authority lines from anywhere (a file, the command line, a paste) either parse or are refused with a
 * {@link AuthoritySyntaxException} that names the reason; a whole text never throws, and every line it keeps
 * round-trips through {@link Authority#toLine()}.
 */
class AuthorityParserFuzzTest {
    @FuzzTest(maxDuration = FuzzContract.FUZZ_DURATION)
    void anyTextParsesOrIsRefusedWithAReason(FuzzedDataProvider data) {
        String line = data.consumeString(400);
        try {
            Authority a = AuthorityParser.parseLine(line);
            Authority again = AuthorityParser.parseLine(a.toLine());
            if (!again.key().equals(a.key())) {
                throw new AssertionError("'" + line + "' parsed as " + a.key() + " but its line reads back as " + again.key());
            }
        } catch (AuthoritySyntaxException e) {
            FuzzContract.requireUserMessage(e, line);
        }
        try {
            AuthorityParser.parseResolveOption(line);
        } catch (AuthoritySyntaxException e) {
            FuzzContract.requireUserMessage(e, line);
        }
        AuthoritySet set = AuthorityParser.parse(data.consumeRemainingAsString());
        set.problems().forEach(p -> {
            if (p.reason().isBlank()) {
                throw new AssertionError("a bad line without a reason: " + p);
            }
        });
    }
}
