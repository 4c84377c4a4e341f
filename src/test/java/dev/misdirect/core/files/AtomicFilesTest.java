package dev.misdirect.core.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void a_write_replaces_the_file_creates_its_folder_and_leaves_no_temporary_file() throws IOException {
        Path file = dir.resolve("nested/report.html");
        AtomicFiles.writeString(file, "old");
        AtomicFiles.writeString(file, "new ✔");
        assertThat(Files.readString(file)).isEqualTo("new ✔");
        assertThat(names(file.getParent())).containsExactly("report.html");
    }

    @Test
    void a_file_is_owner_only_unless_other_permissions_are_asked_for() throws IOException {
        Path secret = dir.resolve("key.pem");
        Path open = dir.resolve("ca.pem");
        AtomicFiles.writeString(secret, "key");
        AtomicFiles.writeString(open, "certificate", AtomicFiles.READABLE_BY_ALL);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rw-r--r--");

        AtomicFiles.writeString(open, "key now", AtomicFiles.OWNER_ONLY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rw-------");
    }

    @Test
    void a_failed_write_keeps_the_old_file_and_removes_the_temporary_one() throws IOException {
        Path file = dir.resolve("session.json");
        AtomicFiles.writeString(file, "old");
        // an unpaired surrogate cannot be encoded as UTF-8: the write fails after the temporary file exists
        assertThatThrownBy(() -> AtomicFiles.writeString(file, "new \uD800")).isInstanceOf(IOException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(names(dir)).containsExactly("session.json");
    }

    @Test
    void a_move_replaces_the_target_and_the_source_is_gone() throws IOException {
        Path from = dir.resolve("autosave.session.json");
        Path to = dir.resolve("last-exit.session.json");
        Files.writeString(from, "latest");
        Files.writeString(to, "older");
        AtomicFiles.move(from, to);
        assertThat(from).doesNotExist();
        assertThat(Files.readString(to)).isEqualTo("latest");
    }

    private static java.util.List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
