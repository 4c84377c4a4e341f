package dev.misdirect.ui.replay;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlanEditorViewModelTest {
    private final StringProperty text = new SimpleStringProperty(
            "GET https://a.example/ ; GET https://b.example/ @192.0.2.7 x3 ; POST https://c.example/x \"body=hi\"");
    private final PlanEditorViewModel vm = new PlanEditorViewModel(text);

    @Test
    void the_text_form_becomes_one_row_per_step_with_method_url_and_pin() {
        assertThat(vm.steps()).extracting(PlanStep::method).containsExactly("GET", "GET", "POST");
        assertThat(vm.steps()).extracting(PlanStep::url)
                .containsExactly("https://a.example/", "https://b.example/", "https://c.example/x");
        assertThat(vm.steps()).extracting(PlanStep::pin).containsExactly("", "192.0.2.7", "");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void bad_text_shows_the_parser_error_and_keeps_the_steps() {
        text.set("GET https://a.example/ ; FETCH! nowhere");
        assertThat(vm.errorProperty().get()).contains("2").contains("FETCH!");
        assertThat(vm.steps()).hasSize(3);
        text.set("GET https://z.example/");
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.steps()).extracting(PlanStep::url).containsExactly("https://z.example/");
    }

    @Test
    void moving_a_step_reorders_the_text_and_keeps_its_other_options() {
        assertThat(vm.moveUp(1)).isTrue();
        assertThat(text.get().lines().toList()).containsExactly("GET https://b.example/ @192.0.2.7 x3",
                "GET https://a.example/", "POST https://c.example/x body=hi");
        assertThat(vm.moveUp(0)).as("the first step cannot move up").isFalse();
        assertThat(vm.moveDown(2)).as("the last step cannot move down").isFalse();
        assertThat(vm.moveDown(0)).isTrue();
        assertThat(vm.steps()).extracting(PlanStep::url).startsWith("https://a.example/", "https://b.example/");
    }

    @Test
    void add_copies_the_last_step_and_remove_drops_one() {
        vm.add();
        assertThat(vm.steps()).hasSize(4);
        assertThat(vm.steps().get(3)).isEqualTo(vm.steps().get(2));
        vm.remove(0);
        assertThat(vm.steps()).extracting(PlanStep::url).doesNotContain("https://a.example/");
        assertThat(text.get()).doesNotContain("a.example");
    }

    @Test
    void editing_method_url_and_pin_keeps_repeats_and_writes_the_text() {
        assertThat(vm.edit(1, "head", "https://d.example:8443/p", "")).isTrue();
        assertThat(vm.steps().get(1)).isEqualTo(new PlanStep("HEAD", "https://d.example:8443/p", "",
                "HEAD https://d.example:8443/p x3"));
        assertThat(text.get()).contains("HEAD https://d.example:8443/p x3");
    }

    @Test
    void an_edit_the_plan_grammar_refuses_changes_nothing_and_says_why() {
        String before = text.get();
        assertThat(vm.edit(0, "GET", "https://a.example/", "not-an-ip")).isFalse();
        assertThat(vm.errorProperty().get()).startsWith("Step 1:").contains("not-an-ip");
        assertThat(text.get()).isEqualTo(before);
        assertThat(vm.edit(0, "GET", "http://plain.example/", "")).isFalse();
        assertThat(text.get()).isEqualTo(before);
    }

    @Test
    void an_empty_plan_has_no_steps_and_no_error() {
        text.set("");
        assertThat(vm.steps()).isEmpty();
        assertThat(vm.errorProperty().get()).isEmpty();
        vm.add();
        assertThat(text.get()).isEqualTo("GET https://a.example/");
    }
}
