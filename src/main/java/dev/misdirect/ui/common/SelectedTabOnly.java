package dev.misdirect.ui.common;

import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Keeps only the selected tab's content in the scene. A tab pane lays out and styles the contents of all its tabs,
 * the hidden ones too: a table in a tab nobody has open makes a row of cells for each new item (a replay's step
 * outcomes), in the pulses of the screen that is shown. Here the other tabs' contents wait outside the scene, with
 * their data bound as usual; a tab's content goes back when the tab is selected, and is styled and laid out then.
 * Content given to a tab that is not selected (by whoever builds the screen) waits the same way. UI thread.
 */
public final class SelectedTabOnly {
    private SelectedTabOnly() {
    }

    /** Applies to {@code tabs} from now on, for the tabs it has now. */
    public static void install(TabPane tabs) {
        Map<Tab, Node> waiting = new IdentityHashMap<>();
        boolean[] moving = {false};
        Runnable apply = () -> {
            moving[0] = true;
            try {
                Tab selected = tabs.getSelectionModel().getSelectedItem(); // set before the tabs' own flags
                for (Tab tab : tabs.getTabs()) {
                    if (tab == selected) {
                        Node content = waiting.remove(tab);
                        if (content != null) {
                            tab.setContent(content);
                        }
                    } else if (tab.getContent() != null) {
                        waiting.put(tab, tab.getContent());
                        tab.setContent(null);
                    }
                }
            } finally {
                moving[0] = false;
            }
        };
        for (Tab tab : tabs.getTabs()) {
            ChangeListener<Node> given = (o, was, now) -> {
                if (!moving[0] && now != null) {
                    waiting.remove(tab); // new content replaces what waited
                    if (tabs.getSelectionModel().getSelectedItem() != tab) {
                        apply.run();
                    }
                }
            };
            tab.contentProperty().addListener(given);
        }
        apply.run();
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> apply.run());
    }
}
