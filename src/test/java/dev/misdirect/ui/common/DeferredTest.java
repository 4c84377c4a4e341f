package dev.misdirect.ui.common;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeferredTest {
    interface Greeter {
        String greet(String name);
    }

    @Test
    void a_call_off_the_ui_thread_waits_for_the_implementation_and_delegates_to_it() throws Exception {
        CompletableFuture<Greeter> target = new CompletableFuture<>();
        Greeter g = Deferred.of(Greeter.class, target, () -> false);
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> g.greet("a"));
        assertThat(answer).isNotDone();
        target.complete(name -> "hello " + name);
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("hello a");
    }

    @Test
    void a_call_on_the_ui_thread_before_the_implementation_is_ready_fails_at_once() {
        Greeter g = Deferred.of(Greeter.class, new CompletableFuture<>(), () -> true);
        assertThatThrownBy(() -> g.greet("a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Greeter.greet is not ready yet");
    }

    @Test
    void a_call_on_the_ui_thread_once_the_implementation_is_ready_is_delegated() {
        Greeter g = Deferred.of(Greeter.class, CompletableFuture.completedFuture(name -> "hi " + name), () -> true);
        assertThat(g.greet("b")).isEqualTo("hi b");
    }

    @Test
    void a_failure_to_build_the_implementation_is_rethrown_unwrapped_from_every_call() {
        Greeter g = Deferred.of(Greeter.class,
                CompletableFuture.failedFuture(new IllegalStateException("no codec")), () -> false);
        assertThatThrownBy(() -> g.greet("a")).isInstanceOf(IllegalStateException.class).hasMessage("no codec");
        assertThatThrownBy(() -> g.greet("b")).isInstanceOf(IllegalStateException.class).hasMessage("no codec");
    }

    @Test
    void an_exception_of_the_implementation_reaches_the_caller_unwrapped() {
        Greeter g = Deferred.of(Greeter.class, CompletableFuture.completedFuture(name -> {
            throw new IllegalArgumentException("bad name " + name);
        }), () -> false);
        assertThatThrownBy(() -> g.greet("x")).isInstanceOf(IllegalArgumentException.class).hasMessage("bad name x");
    }

    @Test
    void only_interfaces_can_be_deferred() {
        assertThatThrownBy(() -> Deferred.of(Object.class, new CompletableFuture<>(), () -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an interface");
        Supplier<String> s = Deferred.of(Supplier.class, new CompletableFuture<>(), () -> false);
        assertThat(s.toString()).isEqualTo("deferred Supplier");
    }
}
