package dev.misdirect.ui.app;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassWarmupTest {
    static boolean initialised;

    /** A class whose static initialiser would record that it ran. */
    static final class Sentinel {
        static {
            initialised = true;
        }
    }

    @Test
    void warming_loads_the_listed_classes_without_initialising_them_and_skips_unknown_names() {
        int loaded = ClassWarmup.warm(List.of(Sentinel.class.getName(), "dev.misdirect.NoSuchClass", "java.lang.String"),
                ClassWarmupTest.class.getClassLoader());
        assertThat(loaded).isEqualTo(2);
        assertThat(initialised).isFalse();
    }

    @Test
    void the_shipped_lists_name_classes_of_this_build() throws Exception {
        for (String list : List.of(ClassWarmup.WINDOW, ClassWarmup.SCREENS)) {
            List<String> names = ClassWarmup.names(list);
            assertThat(names).as(list).hasSizeGreaterThan(100).noneMatch(n -> n.startsWith("#") || n.isBlank());
            assertThat(names.stream().filter(n -> n.startsWith("dev.misdirect.")))
                    .as("classes of the product in " + list).isNotEmpty()
                    .allSatisfy(n -> assertThat(Class.forName(n, false, getClass().getClassLoader())).isNotNull());
            // the platform's own classes may differ by toolkit (Monocle here, GTK on a desktop), but mostly resolve
            int resolved = ClassWarmup.warm(names, getClass().getClassLoader());
            assertThat(resolved).as(list).isGreaterThan(names.size() * 9 / 10);
        }
    }

    @Test
    void the_warm_up_thread_completes_with_the_number_of_classes_it_loaded() throws Exception {
        assertThat(ClassWarmup.start(ClassWarmup.SCREENS, getClass().getClassLoader(), "test-warmup")
                .get(60, TimeUnit.SECONDS)).isGreaterThan(100);
    }

    @Test
    void a_missing_list_is_an_error_naming_it() {
        assertThatThrownBy(() -> ClassWarmup.names("no-such-list.txt")).hasMessageContaining("no class list no-such-list.txt");
    }
}
