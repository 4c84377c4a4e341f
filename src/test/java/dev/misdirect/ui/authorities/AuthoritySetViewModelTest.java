package dev.misdirect.ui.authorities;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.ui.common.VerdictText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthoritySetViewModelTest {
    private final AuthoritySetViewModel vm = new AuthoritySetViewModel(AuthorityParser::parse);

    @Test
    void pasting_mixed_lines_keeps_the_good_ones_and_marks_the_bad_one_with_its_reason() {
        int added = vm.paste("""
                a.example.com
                # a comment
                b.example.com:8443 resolve=192.0.2.10 tag=api
                bad host name!
                https://c.example.com/shop sni=none host=shop.example.com
                """);

        assertThat(added).isEqualTo(4);
        assertThat(vm.rows()).extracting(AuthorityRow::isValid).containsExactly(true, true, false, true);
        assertThat(vm.rows().get(2).getError()).isNotBlank();
        assertThat(vm.rows().get(1).resolveProperty().get()).isEqualTo("192.0.2.10");
        assertThat(vm.rows().get(1).tagsProperty().get()).isEqualTo("api");
        AuthoritySet set = vm.authoritySet();
        assertThat(set.authorities()).extracting(a -> a.key())
                .containsExactly("a.example.com:443", "b.example.com:8443", "c.example.com:443");
        assertThat(set.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(3));
        assertThat(vm.summaryProperty().get()).isEqualTo("3 authorities · 1 line with a problem");
    }

    @Test
    void editing_a_cell_into_a_bad_value_and_back_flips_the_row_state() {
        vm.paste("a.example.com");
        AuthorityRow row = vm.rows().get(0);
        assertThat(row.isValid()).isTrue();

        assertThat(row.statusProperty().get()).isEqualTo(VerdictText.ok("✔ ok"));

        row.resolveProperty().set("not-an-ip");
        assertThat(row.isValid()).isFalse();
        assertThat(row.getError()).containsIgnoringCase("not-an-ip");
        assertThat(row.statusProperty().get()).isEqualTo(VerdictText.bad("✘ " + row.getError()));
        assertThat(vm.problemCountProperty().get()).isEqualTo(1);

        row.resolveProperty().set("192.0.2.7");
        assertThat(row.isValid()).isTrue();
        assertThat(row.statusProperty().get()).isEqualTo(VerdictText.ok("✔ ok"));
        assertThat(row.authorityProperty().get()).hasValueSatisfying(a -> assertThat(a.resolve()).containsExactly("192.0.2.7"));
        assertThat(vm.problemCountProperty().get()).isZero();
    }

    @Test
    void a_new_row_is_a_problem_until_an_authority_is_typed() {
        AuthorityRow row = vm.add();
        assertThat(row.getError()).startsWith("no authority");
        row.targetProperty().set("d.example.com");
        assertThat(row.isValid()).isTrue();
    }

    @Test
    void duplicate_inserts_a_copy_below_and_remove_takes_the_row_out() {
        vm.paste("a.example.com tag=x\nb.example.com");
        AuthorityRow copy = vm.duplicate(vm.rows().get(0));
        assertThat(vm.rows().indexOf(copy)).isEqualTo(1);
        assertThat(copy.line()).isEqualTo("a.example.com tag=x");
        vm.remove(copy);
        assertThat(vm.rows()).hasSize(2);
    }

    @Test
    void loading_a_set_shows_its_authorities_and_its_refused_lines() {
        vm.load(AuthorityParser.parse("a.example.com sni=other.example.com host=h.example.com tag=t1 tag=t2\n???\n"));
        assertThat(vm.rows()).hasSize(2);
        AuthorityRow a = vm.rows().get(0);
        assertThat(a.sniProperty().get()).isEqualTo("other.example.com");
        assertThat(a.hostProperty().get()).isEqualTo("h.example.com");
        assertThat(a.tagsProperty().get()).isEqualTo("t1, t2");
        assertThat(a.isValid()).isTrue();
        assertThat(vm.rows().get(1).isValid()).isFalse();
        assertThat(vm.rows().get(1).targetProperty().get()).isEqualTo("???");
    }

    @Test
    void a_dropped_text_file_is_pasted_line_by_line(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("hosts.txt");
        Files.writeString(f, "a.example.com\nb.example.com\n");
        assertThat(vm.importFile(f)).isEqualTo(2);
        assertThat(vm.authoritySet().authorities()).hasSize(2);
    }

    @Test
    void a_file_too_big_for_an_authority_list_is_refused_naming_the_file(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("huge.txt");
        Files.write(f, new byte[(int) AuthoritySetViewModel.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> vm.importFile(f)).isInstanceOf(IOException.class).hasMessageContaining("huge.txt");
        assertThat(vm.rows()).isEmpty();
    }
}
