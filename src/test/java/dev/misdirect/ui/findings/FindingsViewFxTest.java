package dev.misdirect.ui.findings;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import dev.misdirect.ui.common.FxmlViews;
import dev.misdirect.ui.controls.FindingCard;
import javafx.css.PseudoClass;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class FindingsViewFxTest {
    private final FindingsViewModel vm = new FindingsViewModel();

    @Start
    void start(Stage stage) {
        Parent root = new FxmlViews(List.of(vm)).load(FindingsView.class).root();
        Scene scene = new Scene(root, 900, 600);
        scene.getStylesheets().addAll(
                FindingsView.class.getResource("/dev/misdirect/ui/theme/theme.css").toExternalForm(),
                FindingsView.class.getResource("/dev/misdirect/ui/theme/controls.css").toExternalForm(),
                FindingsView.class.getResource("/dev/misdirect/ui/shell/workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    private static Finding finding(int i) {
        return new Finding(FindingCause.values()[0], i % 2 == 0 ? Severity.PROBLEM : Severity.WARNING,
                "Finding " + i, "details of finding " + i, "Why finding " + i + " happens.", "The fix for " + i + ".",
                List.of("t" + i + ".tenants.lab.test:443"));
    }

    @Test
    void a_thousand_findings_make_cards_only_for_those_in_view(FxRobot robot) {
        robot.interact(() -> vm.show(IntStream.range(0, 1000).mapToObj(FindingsViewFxTest::finding).toList()));
        Set<FindingCard> cards = robot.lookup(".finding-card").queryAllAs(FindingCard.class);
        assertThat(cards).isNotEmpty().hasSizeLessThan(30);
        assertThat(cards).allSatisfy(c -> assertThat(c.getFinding()).isNotNull());
        assertThat(robot.lookup(".finding-card").queryAllAs(FindingCard.class).stream()
                .map(c -> c.getFinding().title())).contains("Finding 0");
    }

    @Test
    void clicking_a_card_selects_its_finding_and_marks_the_card(FxRobot robot) throws Exception {
        robot.interact(() -> vm.show(IntStream.range(0, 5).mapToObj(FindingsViewFxTest::finding).toList()));
        // the list takes a card per pulse
        org.testfx.util.WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> robot.lookup(".finding-card")
                .queryAllAs(FindingCard.class).stream().anyMatch(c -> c.getFinding() != null && c.getFinding().title().equals("Finding 2")));
        FindingCard third = robot.lookup(".finding-card").queryAllAs(FindingCard.class).stream()
                .filter(c -> c.getFinding().title().equals("Finding 2")).findFirst().orElseThrow();
        robot.clickOn(third);
        assertThat(vm.selectedProperty().get().title()).isEqualTo("Finding 2");
        assertThat(third.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("selected"));
        assertThat(robot.lookup(".finding-card").queryAllAs(FindingCard.class).stream()
                .filter(c -> c.getPseudoClassStates().contains(PseudoClass.getPseudoClass("selected"))))
                .hasSize(1);
    }

    @Test
    void no_findings_shows_the_hint(FxRobot robot) {
        robot.interact(() -> vm.show(List.of()));
        assertThat(robot.lookup(".hint").queryAllAs(javafx.scene.control.Label.class).stream()
                .filter(l -> l.isVisible() && l.getScene() != null).map(javafx.scene.control.Label::getText))
                .anySatisfy(t -> assertThat(t).startsWith("No findings yet"));
    }

    @Test
    void a_card_is_as_wide_as_the_list_and_tall_enough_for_its_wrapped_text(FxRobot robot) {
        String longText = "word ".repeat(200);
        robot.interact(() -> vm.show(List.of(new Finding(FindingCause.values()[0], Severity.PROBLEM, "Long",
                longText, longText, "fix", List.of("a.example:443")))));
        FindingCard card = robot.lookup(".finding-card").queryAs(FindingCard.class);
        javafx.scene.control.ListView<?> list = robot.lookup(".findings-list").queryAs(javafx.scene.control.ListView.class);
        assertThat(card.getWidth()).isLessThanOrEqualTo(list.getWidth()).isGreaterThan(list.getWidth() * 0.8);
        assertThat(card.getHeight()).isGreaterThanOrEqualTo(card.prefHeight(card.getWidth()) - 1);
    }
}
