package dev.misdirect.core.session;

import dev.misdirect.core.net.ForwardProxy;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetTest {

    @Test
    void a_vantage_label_with_a_line_break_is_refused_whichever_face_gives_it_and_a_blank_one_is_none() {
        assertThatThrownBy(() -> Target.system().withVantageLabel(Optional.of("eu\nwest")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("vantage label: the label holds a control character");
        assertThatThrownBy(() -> Target.system().withVantageLabel(Optional.of("x".repeat(101))))
                .hasMessageContaining("longer than 100 characters");
        assertThat(Target.system().withVantageLabel(Optional.of("  ")).vantageLabel()).isEmpty();
        assertThat(Target.system().withVantageLabel(Optional.of(" eu-west ")).vantageLabel()).contains("eu-west");
    }

    @Test
    void a_copy_that_changes_only_how_names_are_reached_keeps_the_built_chain_verifier() {
        Target system = Target.system();
        var verifier = system.verifier();
        Target through = system.withProxy(Optional.of(ForwardProxy.parse("http://127.0.0.1:3128")))
                .withVantageLabel(Optional.of("eu-west"));
        assertThat(through.verifier()).as("the JDK's trust store is not read again").isSameAs(verifier);
        assertThat(system.withAddedCas(java.util.List.of()).verifier()).as("other trust, another verifier")
                .isNotSameAs(verifier);
    }
}
