package dev.misdirect.ui.app;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StartAheadTest {
    @Test
    void it_is_begun_once_per_jvm_and_loads_the_window_s_classes() throws Exception {
        CompletableFuture<Integer> first = StartAhead.begin();
        assertThat(StartAhead.begin()).as("a second begin is the first one").isSameAs(first);
        assertThat(StartAhead.begun()).isTrue();
        int loaded = first.get(60, TimeUnit.SECONDS);
        assertThat(loaded).as("classes of the window's list").isGreaterThan(ClassWarmup.names(ClassWarmup.WINDOW).size() * 9 / 10);
    }

    @Test
    void the_lab_gallery_it_makes_ahead_is_the_one_the_window_s_lab_uses() throws Exception {
        StartAhead.begin().get(60, TimeUnit.SECONDS);
        LabController lab = new LabController(() -> {
            throw new AssertionError("the gallery needs no lab");
        });
        assertThat(lab.scenarios()).isNotEmpty().isSameAs(LabController.gallery());
        assertThat(lab.scenarios().get(0).id()).isEqualTo(WorkbenchApp.FIRST_SCENARIO);
    }
}
