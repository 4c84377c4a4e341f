package dev.misdirect.core.io;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportMonitorTest {
    @Test
    void netlog_import_reports_growing_progress_against_the_file_size() throws Exception {
        List<long[]> seen = new ArrayList<>();
        new NetLogImporter().importFrom(NetLogImporterTest.APACHE, (read, total) -> seen.add(new long[]{read, total}));
        assertThat(seen).hasSizeGreaterThan(2);
        assertThat(seen).allSatisfy(s -> assertThat(s[1]).isEqualTo(287169L));
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)[0]).isGreaterThan(seen.get(i - 1)[0]);
        }
    }

    @Test
    void a_cancelled_monitor_stops_netlog_and_har_imports() {
        ImportMonitor cancel = new ImportMonitor() {
            @Override
            public void progress(long bytesRead, long totalBytes) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> new NetLogImporter().importFrom(NetLogImporterTest.APACHE, cancel))
                .isInstanceOf(CancellationException.class).hasMessageContaining("cancelled");
        assertThatThrownBy(() -> new Importers().importFile(HarImporterTest.PLAYWRIGHT, cancel))
                .isInstanceOf(CancellationException.class);
    }
}
