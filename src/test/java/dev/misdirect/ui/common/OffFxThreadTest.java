package dev.misdirect.ui.common;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffFxThreadTest {
    interface Lookup {
        String find(String key);
    }

    private final AtomicBoolean onUi = new AtomicBoolean();
    private final Lookup guarded = OffFxThread.guard(Lookup.class, key -> {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        return "found " + key;
    }, onUi::get);

    @Test
    void a_guarded_service_refuses_calls_on_the_ui_thread() {
        onUi.set(true);
        assertThatThrownBy(() -> guarded.find("a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Lookup.find")
                .hasMessageContaining("UI thread");
    }

    @Test
    void a_guarded_service_answers_off_the_ui_thread() {
        assertThat(guarded.find("a")).isEqualTo("found a");
    }

    @Test
    void the_service_own_exceptions_pass_through_unwrapped() {
        assertThatThrownBy(() -> guarded.find("")).isInstanceOf(IllegalArgumentException.class).hasMessage("empty key");
    }
}
