package dev.misdirect.ui.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What views ask of the user through dialogs. The app implements it with JavaFX dialogs and file choosers; tests
 * with a fake. Dialogs show a short message, never a stack trace: details go to the {@link ErrorLog}.
 * Call on the UI thread; the methods block until the user answers (nested event loop).
 */
public interface DialogService {

    /** Tells the user something went wrong; {@code message} is one or two sentences naming what and why. */
    void showError(String title, String message);

    /** Shows information (e.g. About). */
    void showInfo(String title, String header, String text);

    /** Asks a yes/no question; true for yes. */
    boolean confirm(String title, String question);

    /**
     * Asks a question with two named answers (e.g. "Restore" / "Discard"); true for {@code yes}. Closing the dialog
     * answers {@code no}.
     */
    default boolean ask(String title, String question, String yes, String no) {
        return confirm(title, question);
    }

    /** Lets the user pick a file to open; {@code extensions} like "*.txt". */
    Optional<Path> chooseFileToOpen(String title, String description, List<String> extensions);

    /** Lets the user pick where to save. */
    Optional<Path> chooseFileToSave(String title, String description, List<String> extensions, String suggestedName);
}
