package dev.misdirect.ui.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDataTrainingTest {
    @Test
    void the_training_run_loads_its_class_lists_without_a_display_and_prints_nothing() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ClassDataTraining.main(new String[0]);
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
        ClassLoader loader = getClass().getClassLoader();
        for (String name : ClassWarmup.names(ClassWarmup.WINDOW).subList(0, 5)) {
            assertThat(Class.forName(name, false, loader)).as(name).isNotNull();
        }
    }
}
