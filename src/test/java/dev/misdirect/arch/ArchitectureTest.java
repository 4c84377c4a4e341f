package dev.misdirect.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.misdirect.core.replay.ReplayPlan;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layering rules of STYLE.md, enforced on the compiled main classes. */
class ArchitectureTest {
    /** The screens, one package each: the pages of the navigation rail. */
    static final List<String> SCREENS = List.of("authorities", "inspect", "coalescing", "replay", "lab",
            "findings");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.misdirect");
    }

    @Test
    void engine_lab_and_cli_never_touch_javafx_controlsfx_or_ui() {
        noClasses().that().resideInAnyPackage("dev.misdirect.core..", "dev.misdirect.lab..", "dev.misdirect.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "dev.misdirect.ui..")
                .check(classes);
    }

    @Test
    void view_models_use_only_toolkit_free_javafx_packages() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..",
                        "javafx.application..", "javafx.fxml..", "org.controlsfx..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void okhttp_stays_in_core_net_and_lab() {
        noClasses().that().resideOutsideOfPackages("dev.misdirect.core.net..", "dev.misdirect.lab..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "okio..")
                .check(classes);
    }

    @Test
    void bouncycastle_stays_in_core_tls_and_lab() {
        noClasses().that().resideOutsideOfPackages("dev.misdirect.core.tls..", "dev.misdirect.lab..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bouncycastle..")
                .check(classes);
    }

    @Test
    void dnsjava_stays_in_core_probe() {
        noClasses().that().resideOutsideOfPackages("dev.misdirect.core.probe..")
                .should().dependOnClassesThat().resideInAnyPackage("org.xbill..")
                .check(classes);
    }

    @Test
    void jetty_stays_in_lab() {
        noClasses().that().resideOutsideOfPackages("dev.misdirect.lab..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void model_and_timeline_depend_on_the_jdk_only() {
        noClasses().that().resideInAnyPackage("dev.misdirect.core.model..", "dev.misdirect.core.timeline..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.misdirect.core.model..",
                        "dev.misdirect.core.timeline..")
                .check(classes);
    }

    @Test
    void core_slices_have_no_cycles() {
        slices().matching("dev.misdirect.core.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void ui_slices_have_no_cycles() {
        slices().matching("dev.misdirect.ui.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * A screen asks for what spans screens through {@code ui.common} ({@code WorkbenchActions}, {@code Screen});
     * the window ({@code ui.shell}) and the composition root ({@code ui.app}) put the screens together.
     */
    @ParameterizedTest(name = "ui.{0}")
    @FieldSource("SCREENS")
    void a_screen_never_depends_on_another_screen_or_on_the_shell(String screen) {
        List<String> forbidden = new ArrayList<>(List.of("dev.misdirect.ui.shell.."));
        SCREENS.stream().filter(s -> !s.equals(screen)).forEach(s -> forbidden.add("dev.misdirect.ui." + s + ".."));
        noClasses().that().resideInAPackage("dev.misdirect.ui." + screen + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .check(classes);
    }

    /** JabRef's {@code restrictStandardStreams}: the command line and the launcher talk to the terminal, nothing else. */
    @Test
    void only_the_command_line_and_the_launcher_use_the_standard_streams() {
        noClasses().that().resideOutsideOfPackage("dev.misdirect.cli..")
                .and().doNotHaveFullyQualifiedName("dev.misdirect.Main")
                .and().doNotHaveFullyQualifiedName("dev.misdirect.ui.app.WorkbenchLauncher")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("the engine and the workbench log through SLF4J or report to the UI")
                .check(classes);
    }

    @Test
    void views_and_controls_never_call_core_services() {
        noClasses().that().resideInAnyPackage("dev.misdirect.ui..")
                .and().haveSimpleNameNotEndingWith("ViewModel")
                .and().resideOutsideOfPackages("dev.misdirect.ui.app..")
                // a replay plan is data (the typed plan a request carries), not a service
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("dev.misdirect.core.probe..",
                        "dev.misdirect.core.net..", "dev.misdirect.core.replay..", "dev.misdirect.core.io..",
                        "dev.misdirect.core.session..", "dev.misdirect.lab..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(ReplayPlan.class))))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void the_workbench_never_depends_on_the_command_line() {
        noClasses().that().resideInAnyPackage("dev.misdirect.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.misdirect.cli..")
                .check(classes);
    }

    @Test
    void the_engine_never_depends_on_a_face() {
        noClasses().that().resideInAnyPackage("dev.misdirect.core..", "dev.misdirect.lab..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.misdirect.cli..", "dev.misdirect.ui..")
                .check(classes);
    }

    @Test
    void faces_call_the_application_layer_and_never_wire_the_engine_themselves() {
        // probing, replaying, checking, resolving, trusting and starting labs are wired in core.session only;
        // `misdirect lab start` serves lab origins and is the one face of the lab itself
        noClasses().that().resideInAnyPackage("dev.misdirect.cli..", "dev.misdirect.ui..")
                .and().doNotHaveFullyQualifiedName("dev.misdirect.cli.LabCommand")
                .and().doNotHaveFullyQualifiedName("dev.misdirect.cli.LabCommand$Start")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.misdirect.core.probe.Prober")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.misdirect.core.replay.ReplayEngine")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.misdirect.core.check.Checker")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.misdirect.core.probe.SystemResolver")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.misdirect.core.probe.MapResolver")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.misdirect.core.probe.DnsServerResolver")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.misdirect.core.tls.ChainVerifier")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.misdirect.lab.Lab")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.misdirect.lab.LabCa")
                .check(classes);
    }

    /**
     * A static logger starts SLF4J when its class is first used (its provider looked up on the class path, its settings
     * read, its date format made: about 60 ms), and the workbench's classes and the engine's are first used on the way
     * to the window: their loggers are looked up when something is logged.
     */
    @Test
    void the_workbench_and_the_engine_look_their_loggers_up_when_they_log() {
        noFields().that().haveRawType(org.slf4j.Logger.class).and().areStatic()
                .should().beDeclaredInClassesThat().resideInAnyPackage("dev.misdirect.ui..", "dev.misdirect.core..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
