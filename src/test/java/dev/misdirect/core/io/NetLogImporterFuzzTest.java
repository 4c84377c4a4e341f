package dev.misdirect.core.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.misdirect.testing.FuzzContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Any bytes given as a Chrome NetLog are imported (up to where a cut file stops) or refused with a reason and position. */
class NetLogImporterFuzzTest {
    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("fuzz", ".json");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest(maxDuration = FuzzContract.FUZZ_DURATION)
    void anyBytesImportOrAreRefusedWithAReason(byte[] input) throws IOException {
        FuzzContract.importOrRefuse(file, input, f -> new NetLogImporter().importFrom(f));
    }
}
