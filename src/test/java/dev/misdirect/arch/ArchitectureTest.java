package dev.misdirect.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layering rules of STYLE.md, enforced on the compiled main classes. */
class ArchitectureTest {
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
    void views_and_controls_never_call_core_services() {
        noClasses().that().resideInAnyPackage("dev.misdirect.ui..")
                .and().haveSimpleNameNotEndingWith("ViewModel")
                .and().resideOutsideOfPackages("dev.misdirect.ui.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.misdirect.core.probe..",
                        "dev.misdirect.core.net..", "dev.misdirect.core.replay..", "dev.misdirect.core.io..",
                        "dev.misdirect.lab..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
