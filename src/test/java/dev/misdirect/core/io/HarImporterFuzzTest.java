package dev.misdirect.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.misdirect.testing.FuzzContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Any bytes given as a HAR are imported (up to where a cut file stops) or refused with a reason and position. */
class HarImporterFuzzTest {
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("fuzz", ".har");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = FuzzContract.FUZZ_DURATION)
    void anyBytesImportOrAreRefusedWithAReason(byte[] input) throws IOException {
        Files.write(file, input);
        try {
            new HarImporter().importFrom(file).toSession("fuzz", java.time.Instant.EPOCH);
        } catch (ImportException e) {
            FuzzContract.requireUserMessage(e, new String(input, java.nio.charset.StandardCharsets.ISO_8859_1) + new String(input, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
