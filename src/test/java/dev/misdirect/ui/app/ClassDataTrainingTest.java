package dev.misdirect.ui.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDataTrainingTest {
    @Test
    void loading_the_listed_classes_needs_no_display_and_prints_nothing() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ClassDataTraining.loadListedClasses();
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
        ClassLoader loader = getClass().getClassLoader();
        for (String name : ClassWarmup.names(ClassWarmup.WINDOW).subList(0, 5)) {
            assertThat(Class.forName(name, false, loader)).as(name).isNotNull();
        }
    }

    @Test
    void the_headless_platform_the_training_run_starts_on_is_on_the_class_path() {
        // the build's training run depends on it; without it the archive would hold the listed classes only
        assertThat(ClassDataTraining.headlessPlatformPresent()).isTrue();
    }

    /**
     * The build's training run, as {@code mvn package} runs it (in a JVM of its own, as it ends with an exit): it
     * starts the workbench offscreen on the lab, shows every screen, reproduces the lab's 421, tries the fix, says so
     * on one line and exits 0; the lab's CA goes to the home it was given.
     */
    @Test
    void the_training_run_starts_the_workbench_offscreen_reproduces_the_421_and_tries_the_fix(@TempDir Path home)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = home.resolve("out.txt");
        Path err = home.resolve("err.txt");
        Process p = new ProcessBuilder(List.of(java, "-Dmisdirect.home=" + home, "-cp",
                System.getProperty("java.class.path"), ClassDataTraining.class.getName()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the run ends").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String said = Files.readString(out, StandardCharsets.UTF_8);
        String complained = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(said + complained).isZero();
        assertThat(complained).doesNotContain("did not finish");
        assertThat(said).contains("workbench started offscreen")
                .contains("lab scenario probed (2 authorities)")
                .contains(ScreenPrebuild.SCREENS.size() + 1 + " screens shown")
                .containsPattern("421 reproduced \\(✘ 1 × 421")
                .contains("fix tried");
        assertThat(home.resolve("lab")).as("the lab's CA, in the home the run was given").isDirectoryContaining("glob:**.pem");
    }
}
