package dev.misdirect.ui.controls;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The card's height for a width follows its text, also when its measured height is kept between layout passes. */
@ExtendWith(ApplicationExtension.class)
class FindingCardFxTest {
    private FindingCard card;

    @Start
    void start(Stage stage) {
        card = new FindingCard(finding("short"));
        VBox cards = new VBox(8, card);
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        stage.setScene(new Scene(scroll, 400, 600));
        // the primary stage is shared with the test classes run before this one, which may have sized it explicitly
        stage.setWidth(400);
        stage.setHeight(600);
        stage.show();
    }

    @Test
    void a_longer_text_makes_the_card_taller_at_the_same_width(FxRobot robot) {
        double[] heights = new double[3];
        double[] width = new double[1];
        robot.interact(() -> {
            card.applyCss();
            card.getParent().layout();
            width[0] = card.getWidth(); // the width the card is laid out at, whatever the window's size
            heights[0] = card.prefHeight(width[0]);
            heights[1] = card.prefHeight(width[0]); // asked again with nothing changed: the kept measure
        });
        robot.interact(() -> card.setFinding(finding("a much longer explanation that wraps onto several lines ".repeat(24))));
        robot.interact(() -> {
            card.getParent().layout();
            heights[2] = card.prefHeight(width[0]);
        });
        assertThat(width[0]).isPositive();
        assertThat(card.getWidth()).as("the width did not change").isEqualTo(width[0]);
        assertThat(heights[1]).isEqualTo(heights[0]);
        assertThat(heights[2]).isGreaterThan(heights[0] + 40);
        assertThat(card.getHeight()).as("laid out at its new height").isEqualTo(heights[2]);
    }

    @Test
    void a_narrower_width_makes_the_card_taller(FxRobot robot) {
        double[] heights = new double[2];
        robot.interact(() -> {
            card.setFinding(finding("text that wraps when the card is narrow enough to need more lines ".repeat(3)));
            card.applyCss();
            card.getParent().layout();
            heights[0] = card.prefHeight(380);
            heights[1] = card.prefHeight(150);
        });
        assertThat(heights[1]).isGreaterThan(heights[0]);
    }

    private static Finding finding(String explanation) {
        return new Finding(FindingCause.values()[0], Severity.PROBLEM, "Title", "details", explanation, "fix",
                List.of("a.example:443"));
    }

    @Test
    void a_long_list_of_authorities_is_cut_and_the_badges_keep_their_words(FxRobot robot) {
        List<String> fifty = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "t" + i + ".tenants.example:443")
                .toList();
        robot.interact(() -> {
            card.setFinding(new Finding(FindingCause.COALESCING_PREDICTED, Severity.WARNING, "Title", "details", "why",
                    "fix", fifty));
            card.applyCss();
            card.getParent().layout();
        });
        for (String badge : List.of(".finding-severity", ".finding-cause")) {
            javafx.scene.control.Label l = (javafx.scene.control.Label) card.lookup(badge);
            assertThat(l.getWidth()).as(badge + " " + l.getText()).isGreaterThanOrEqualTo(l.prefWidth(-1));
        }
        javafx.scene.control.Label list = (javafx.scene.control.Label) card.lookup(".finding-authorities");
        assertThat(list.getWidth()).as("the authorities give way").isLessThan(list.prefWidth(-1));
    }

    @Test
    void a_finding_without_a_fix_shows_no_empty_fix_section(FxRobot robot) {
        java.util.function.Supplier<Boolean> fixShown = () -> card.lookupAll(".finding-section").stream()
                .anyMatch(n -> n.isVisible() && "Fix".equals(((javafx.scene.control.Label) n).getText()));
        assertThat(fixShown.get()).isTrue();
        robot.interact(() -> card.setFinding(new Finding(FindingCause.values()[0], Severity.INFO, "What a HAR cannot tell",
                "details", "why", "", List.of())));
        assertThat(fixShown.get()).isFalse();
    }
}
