package dev.misdirect.ui.common;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FxmlViewsTest {
    public static final class Model {
    }

    public static final class Controller {
        final Model model;
        final CharSequence name;

        public Controller(Model model, CharSequence name) {
            this.model = model;
            this.name = name;
        }
    }

    public static final class TwoConstructors {
        public TwoConstructors() {
        }

        public TwoConstructors(Model m) {
        }
    }

    @Test
    void the_controller_factory_injects_constructor_parameters_by_type() {
        Model model = new Model();
        Object c = new FxmlViews(List.of(model, "sample")).createController(Controller.class);
        assertThat(c).isInstanceOfSatisfying(Controller.class, ctl -> {
            assertThat(ctl.model).isSameAs(model);
            assertThat(ctl.name).isEqualTo("sample");
        });
    }

    @Test
    void a_missing_collaborator_is_named_in_the_error() {
        assertThatThrownBy(() -> new FxmlViews(List.of(new Model())).createController(Controller.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Controller needs a java.lang.CharSequence but none was provided");
    }

    @Test
    void an_ambiguous_collaborator_is_refused() {
        assertThatThrownBy(() -> new FxmlViews(List.of(new Model(), "a", new StringBuilder("b")))
                .createController(Controller.class))
                .hasMessage("Controller needs one java.lang.CharSequence but 2 match");
    }

    @Test
    void a_controller_must_have_exactly_one_public_constructor() {
        assertThatThrownBy(() -> new FxmlViews(List.of(new Model())).createController(TwoConstructors.class))
                .hasMessageContaining("exactly one public constructor");
    }
}
