package dev.misdirect.core.coalesce;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionInputTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "https://B.example, b.example:443",
            "https://b.example/, b.example:443",
            "b.example:8443, b.example:8443",
            "b.example:08443, b.example:8443",
            "https://[2001:db8::1]:8443, [2001:db8::1]:8443",
            "[2001:db8::1], [2001:db8::1]:443",
            "2001:db8::1, [2001:db8::1]:443"
    })
    void an_origin_becomes_its_authority_key(String origin, String key) {
        assertThat(PredictionInput.authorityKey(origin)).isEqualTo(key);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"b.example:x", "b.example:0", "b.example:65536", "[::1", "[::1]x", "http://b.example",
            "https://b.example/path", "*.example"})
    void what_is_no_origin_is_refused(String origin) {
        assertThatThrownBy(() -> PredictionInput.authorityKey(origin)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ORIGIN entry is not");
    }
}
