package dev.misdirect.ui.controls;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Severity;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Lays out a {@link FindingCard} as header + three labelled sections. */
public class FindingCardSkin extends SkinBase<FindingCard> {
    private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass INFO = PseudoClass.getPseudoClass("info");
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private final Label severity = styled(new Label(), "finding-severity");
    private final Label cause = styled(new Label(), "finding-cause");
    private final Label title = styled(new Label(), "finding-title");
    private final Label details = body();
    private final Label explanation = body();
    private final Label fixTitle = section("Fix");
    private final Label fix = body();
    private final Label authorities = styled(new Label(), "finding-authorities");
    private final VBox box;
    private double measuredWidth = Double.NaN;
    private double measuredHeight;

    public FindingCardSkin(FindingCard card) {
        super(card);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        // the badges keep their words; a long list of authorities is cut instead
        severity.setMinWidth(Region.USE_PREF_SIZE);
        cause.setMinWidth(Region.USE_PREF_SIZE);
        authorities.setMinWidth(0);
        HBox header = new HBox(10, severity, cause, spacer, authorities);
        header.getStyleClass().add("finding-header");
        title.setWrapText(true);
        box = new VBox(6, header, title,
                section("Details"), details, section("Cause"), explanation, fixTitle, fix);
        box.getStyleClass().add("finding-body");
        getChildren().add(box);
        box.needsLayoutProperty().addListener((o, was, now) -> {
            if (now) {
                measuredWidth = Double.NaN;
            }
        });
        registerChangeListener(card.findingProperty(), o -> update());
        registerChangeListener(card.selectedProperty(), o -> card.pseudoClassStateChanged(SELECTED, card.selectedProperty().get()));
        update();
    }

    /**
     * Height for the given width: the wrapped texts need their lines (the card's content bias is horizontal). Measuring
     * wrapped text is costly and a layout pass asks several times, so the last answer is kept while the card's content
     * is laid out and unchanged (any change of text, font or style requests a layout of the box, which forgets it).
     */
    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        double inner = width < 0 ? -1 : Math.max(0, width - left - right);
        if (box.isNeedsLayout()) {
            measuredWidth = Double.NaN;
            return top + box.prefHeight(inner) + bottom;
        }
        if (Double.compare(inner, measuredWidth) != 0) {
            measuredHeight = box.prefHeight(inner);
            measuredWidth = inner;
        }
        return top + measuredHeight + bottom;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return computePrefHeight(width, top, right, bottom, left);
    }

    private void update() {
        Finding f = getSkinnable().getFinding();
        FindingCard card = getSkinnable();
        if (f == null) {
            severity.setText("");
            cause.setText("");
            title.setText("");
            details.setText("");
            explanation.setText("");
            fix.setText("");
            authorities.setText("");
            return;
        }
        severity.setText(FindingCard.severityLabel(f.severity()));
        cause.setText(FindingCard.causeLabel(f.cause()));
        title.setText(f.title());
        details.setText(f.details());
        explanation.setText(f.explanation());
        fix.setText(f.fix());
        // a finding with nothing to change (what an import cannot tell) has no Fix section rather than an empty one
        boolean hasFix = !f.fix().isBlank();
        for (Label l : new Label[] {fixTitle, fix}) {
            l.setVisible(hasFix);
            l.setManaged(hasFix);
        }
        authorities.setText(String.join(", ", f.authorities()));
        card.pseudoClassStateChanged(PROBLEM, f.severity() == Severity.PROBLEM);
        card.pseudoClassStateChanged(WARNING, f.severity() == Severity.WARNING);
        card.pseudoClassStateChanged(INFO, f.severity() == Severity.INFO);
    }

    private static Label section(String name) {
        return styled(new Label(name), "finding-section");
    }

    private static Label body() {
        Label l = styled(new Label(), "finding-text");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label styled(Label l, String cls) {
        l.getStyleClass().add(cls);
        return l;
    }
}
