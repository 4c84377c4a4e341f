package dev.misdirect.ui.app;

import dev.misdirect.core.model.AltSvc;
import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.ui.common.Screen;
import dev.misdirect.ui.common.UiExecutor;
import dev.misdirect.ui.common.WorkbenchServices;
import dev.misdirect.ui.inspect.HandshakeRow;
import dev.misdirect.ui.shell.WorkbenchViewModel;
import dev.misdirect.ui.testing.FakeDialogs;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Inspect shows the selected authority's HTTPS records and Alt-Svc, and says "none" and "unknown" as such. */
@ExtendWith(ApplicationExtension.class)
class InspectDnsFxTest {
    private static final String SOURCE = "DNS server 127.0.0.53:5353";
    private final ExecutorService work = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService batching = Executors.newSingleThreadScheduledExecutor();
    private Workbench workbench;

    @Start
    void start(Stage stage) {
        WorkbenchServices services = new WorkbenchServices(AuthorityParser::parse, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        workbench = Workbench.create(services, UiExecutor.fx(), work,
                (task, delay) -> batching.schedule(task, delay, TimeUnit.NANOSECONDS), System::nanoTime,
                Clock.systemUTC(), new FakeDialogs(), 1200, 740);
        WorkbenchViewModel vm = workbench.viewModel();
        vm.presentWithNotice(SampleWorkspace.NOTICE, SampleWorkspace.TITLE, SampleWorkspace.authoritySet(),
                withDns(SampleWorkspace.inspection()), SampleWorkspace.predictions(), Optional.empty());
        stage.setScene(workbench.scene());
        stage.show();
    }

    @AfterEach
    void stop() {
        work.shutdownNow();
        batching.shutdownNow();
    }

    /** A with an h3 record and an Alt-Svc answer, B with records unknown, C with none; the others not asked. */
    private static Inspection withDns(Inspection sample) {
        List<ProbeResult> results = new ArrayList<>();
        for (ProbeResult r : sample.results()) {
            String name = r.authority().host();
            results.add(switch (r.authority().key()) {
                case SampleWorkspace.A -> r.withHttpsRecords(Optional.of(HttpsRecords.found(name, SOURCE, List.of(
                        new HttpsRecord(1, ".", List.of("h3", "h2"), true, Optional.of(8443), List.of("127.0.0.11"),
                                List.of(), Optional.of(122))))))
                        .withAltSvc(Optional.of(new AltSvc(Optional.of("h3=\":443\"; ma=86400"),
                                "HEAD / to 127.0.0.11:443 (h2)", 200, Optional.empty())));
                case SampleWorkspace.B -> r.withHttpsRecords(Optional.of(HttpsRecords.unknown(name, SOURCE,
                        "no answer within 2000 ms")));
                case SampleWorkspace.C -> r.withHttpsRecords(Optional.of(HttpsRecords.none(name, SOURCE, "NXDOMAIN")));
                default -> r;
            });
        }
        return new Inspection(results, sample.coverage(), sample.overlaps(), sample.findings());
    }

    @Test
    void selecting_an_authority_shows_its_https_records_with_their_source_and_its_alt_svc(FxRobot robot) {
        robot.interact(() -> workbench.view().show(Screen.INSPECT));
        robot.clickOn(authorityCell(robot, SampleWorkspace.A));

        String facts = dnsFacts(robot);
        assertThat(facts).contains("HTTPS records of " + SampleWorkspace.A)
                .contains("asked a.tenants.lab.test of the " + SOURCE)
                .contains("priority 1, target .")
                .containsPattern("alpn \\.+ h3, h2")
                .containsPattern("no-default-alpn \\.+ yes")
                .containsPattern("port \\.+ 8443")
                .containsPattern("ipv4hint \\.+ 127.0.0.11")
                .containsPattern("ipv6hint \\.+ none")
                .containsPattern("ech \\.+ 122 bytes")
                .contains("Alt-Svc: h3=\":443\"; ma=86400, from HEAD / to 127.0.0.11:443 (h2) → 200");
    }

    @Test
    void records_that_are_unknown_none_or_not_asked_say_so_instead_of_showing_nothing(FxRobot robot) {
        robot.interact(() -> workbench.view().show(Screen.INSPECT));

        robot.clickOn(authorityCell(robot, SampleWorkspace.B));
        assertThat(dnsFacts(robot)).contains("unknown: no answer within 2000 ms")
                .contains("Alt-Svc\n  not asked").doesNotContain("priority");

        robot.clickOn(authorityCell(robot, SampleWorkspace.C));
        assertThat(dnsFacts(robot)).contains("none: NXDOMAIN");

        robot.clickOn(authorityCell(robot, SampleWorkspace.CONTROL));
        assertThat(dnsFacts(robot)).contains("HTTPS records of " + SampleWorkspace.CONTROL)
                .contains("not asked: the addresses came from resolve override (address overrides");
    }

    private static String dnsFacts(FxRobot robot) {
        return robot.lookup("#dnsFacts").queryAs(TextArea.class).getText();
    }

    private static TableCell<?, ?> authorityCell(FxRobot robot, String key) {
        return robot.lookup(".table-cell").match((TableCell<?, ?> c) -> c.getTableRow() != null
                && c.getTableRow().getItem() instanceof HandshakeRow r && r.authorityKey().equals(key)
                && key.equals(c.getText())).query();
    }
}
