package dev.misdirect.ui.app;

import javafx.css.CssParser;
import javafx.css.Declaration;
import javafx.css.ParsedValue;
import javafx.css.Rule;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The colour rules of the house style: tokens only outside the theme, and both themes define every token.
 */
class StyleSheetTest {
    private static final String THEME = "/dev/misdirect/ui/theme/theme.css";
    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{3,8}\\b");
    private static final Pattern RGB = Pattern.compile("\\b(rgb|rgba|hsb|hsba)\\s*\\(");
    private static final Pattern TOKEN_USE = Pattern.compile(":\\s*[^;]*?(-md-[a-z-]+)");
    private static final Pattern TOKEN_DEF = Pattern.compile("(-md-[a-z-]+)\\s*:");

    @Test
    void feature_and_control_style_sheets_use_no_literal_colours() throws IOException {
        for (String sheet : Workbench.STYLESHEETS) {
            if (sheet.equals(THEME)) {
                continue;
            }
            String css = stripComments(read(sheet));
            assertThat(HEX.matcher(css).find()).as(sheet + " has a hex colour").isFalse();
            assertThat(RGB.matcher(css).find()).as(sheet + " has an rgb()/hsb() colour").isFalse();
        }
    }

    @Test
    void every_token_used_is_defined_by_the_light_and_the_dark_theme() throws IOException {
        String theme = stripComments(read(THEME));
        int dark = theme.indexOf(".root.theme-dark");
        assertThat(dark).isPositive();
        Set<String> light = defined(theme.substring(0, dark));
        Set<String> darkTokens = defined(theme.substring(dark));
        assertThat(darkTokens).as("the dark theme redefines every light token").containsAll(light);

        for (String sheet : Workbench.STYLESHEETS) {
            String css = stripComments(read(sheet));
            Set<String> defs = defined(css);
            Matcher m = TOKEN_USE.matcher(css);
            while (m.find()) {
                String token = m.group(1);
                if (defs.contains(token) && !sheet.equals(THEME) && token.startsWith("-md-timeline-")) {
                    continue; // the timeline's own CSS properties, set in controls.css from tokens
                }
                assertThat(light).as(sheet + " uses " + token).contains(token);
            }
        }
    }

    private static Set<String> defined(String css) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = TOKEN_DEF.matcher(css);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String stripComments(String css) {
        return css.replaceAll("(?s)/\\*.*?\\*/", "");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = StyleSheetTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
