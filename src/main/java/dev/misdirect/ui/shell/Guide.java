package dev.misdirect.ui.shell;

import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;

/**
 * Help › Guide: what a 421 is, why clients share connections, and the keyboard shortcuts (read from the menus, so
 * the list is always the one the window has). One tab per topic; every text wraps.
 */
final class Guide {
    /** The guide's topics, in the order of the Help menu. */
    enum Topic {
        WHAT_IS_A_421("What is a 421"),
        SHARED_CONNECTIONS("Why clients share connections"),
        SHORTCUTS("Keyboard shortcuts");

        final String title;

        Topic(String title) {
            this.title = title;
        }
    }

    static final String WHAT_IS_A_421 = """
            421 Misdirected Request (RFC 9110 §15.5.20) is a server saying: “I cannot answer for this name on this \
            connection.” It almost always means that a connection opened for one name (its TLS SNI, say \
            a.example) carried a request for another (its :authority or Host, say b.example).

            Servers that answer 421: Apache with virtual hosts of different TLS settings, nginx when the other name \
            asks for client certificates, Caddy with strict SNI, CDNs and tenant routers that refuse a tenant on \
            another tenant's connection.

            A browser or OkHttp retries the request once on a new connection, so the user sees nothing but a \
            slower page; curl, Go, Java and most proxies show the 421. Misdirect shows both: the 421 on the shared \
            connection and the retry on its own.

            Try it: Lab (Ctrl+5), pick a scenario, press “⚠ Reproduce the 421” (Ctrl+Shift+R), click the amber bar, \
            then “✔ Try the fix” (Ctrl+Shift+F).""";

    static final String SHARED_CONNECTIONS = """
            An HTTP/2 (or HTTP/3) client may send requests for several names over one connection — connection \
            coalescing (RFC 9113 §9.1.1). It does so when the second name resolves to the address the connection \
            already goes to, and the certificate the connection received also covers the second name (a wildcard \
            such as *.example.com, or several SANs).

            Each client has its own rules: Chromium needs the same IP and port; Firefox a shared address among \
            the name's DNS answers; OkHttp a direct route with the same address; curl, Go and Java never coalesce \
            across names. An ORIGIN frame (RFC 8336) lets a server list the names it answers for.

            Coalescing saves a handshake; it goes wrong when the server behind that address cannot answer for \
            the second name on a connection whose SNI was the first. The cure is on the server's side (one \
            certificate per set of names that can share, or the same TLS settings for all of them) or in a pool \
            keyed by name instead of address.

            The Coalescing screen (Ctrl+3) predicts, per client, which names would share; Replay (Ctrl+4) shows \
            what really happened.""";

    private Guide() {
    }

    /** The guide's content, opened on {@code topic}. */
    static TabPane content(Topic topic, MenuBar menus) {
        TabPane tabs = new TabPane();
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("guide");
        tabs.getTabs().addAll(tab(Topic.WHAT_IS_A_421, WHAT_IS_A_421), tab(Topic.SHARED_CONNECTIONS, SHARED_CONNECTIONS),
                tab(Topic.SHORTCUTS, shortcuts(menus)));
        tabs.getSelectionModel().select(topic.ordinal());
        return tabs;
    }

    /** Every accelerator of the menus, one a line: "Ctrl+R   Replay". */
    static String shortcuts(MenuBar menus) {
        List<String> lines = new ArrayList<>();
        for (Menu menu : menus.getMenus()) {
            collect(menu, lines);
        }
        lines.add("Tab / Shift+Tab   next / previous field (also out of a text area)");
        lines.add("On the timeline: wheel or +/−   zoom (around the pointer, or the selected bar)");
        lines.add("On the timeline: drag, arrow keys, Shift+wheel   pan;  0   fit the whole run");
        return String.join("\n", lines);
    }

    private static void collect(Menu menu, List<String> lines) {
        for (MenuItem item : menu.getItems()) {
            if (item instanceof Menu sub) {
                collect(sub, lines);
            } else if (item.getAccelerator() != null) {
                lines.add(item.getAccelerator().getDisplayText() + "   " + item.getText().replace("_", "")
                        .replace("…", ""));
            }
        }
    }

    private static Tab tab(Topic topic, String text) {
        Label body = new Label(text);
        body.setWrapText(true);
        body.getStyleClass().add("guide-text");
        VBox box = new VBox(body);
        box.getStyleClass().add("guide-page");
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        Tab tab = new Tab(topic.title, scroll);
        tab.setId("guide-" + topic.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        return tab;
    }
}
