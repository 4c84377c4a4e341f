package dev.misdirect.ui.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The workbench window (composition root of the UI). */
public final class WorkbenchApp extends Application {
    @Override
    public void start(Stage stage) {
        stage.setTitle("Misdirect");
        stage.setScene(new Scene(new StackPane(new Label("Misdirect")), 1200, 800));
        stage.show();
    }
}
