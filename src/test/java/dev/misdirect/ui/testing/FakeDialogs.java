package dev.misdirect.ui.testing;

import dev.misdirect.ui.common.DialogService;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records what would have been shown; answers file choosers with a preset path. */
public final class FakeDialogs implements DialogService {
    public final List<String> shown = new ArrayList<>();
    public Optional<Path> nextFile = Optional.empty();
    /** The answer to {@link #confirm} and {@link #ask}. */
    public boolean answer = true;

    @Override
    public void showError(String title, String message) {
        shown.add("error: " + title + ": " + message);
    }

    @Override
    public void showInfo(String title, String header, String text) {
        shown.add("info: " + title + ": " + text);
    }

    @Override
    public boolean confirm(String title, String question) {
        shown.add("confirm: " + question);
        return answer;
    }

    @Override
    public boolean ask(String title, String question, String yes, String no) {
        shown.add("ask: " + title + ": " + question + " [" + yes + "/" + no + "]");
        return answer;
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, String description, List<String> extensions) {
        return nextFile;
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String description, List<String> extensions, String suggestedName) {
        return nextFile;
    }
}
