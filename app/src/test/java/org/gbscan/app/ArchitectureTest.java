package org.gbscan.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Third-party toolkits enter through one door each; the rest of the code speaks the domain. */
class ArchitectureTest {
    private static JavaClasses gbscan;

    @BeforeAll
    static void importClasses() {
        gbscan = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.gbscan");
    }

    @Test
    void onlyTheDicomAdapterTouchesPixelMed() {
        noClasses().that().resideOutsideOfPackage("org.gbscan.core.dicom..")
                .should().dependOnClassesThat().resideInAPackage("com.pixelmed..")
                .check(gbscan);
    }

    @Test
    void onlyInferenceAndTrainerTouchDjl() {
        noClasses().that().resideOutsideOfPackages("org.gbscan.inference..", "org.gbscan.trainer..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .check(gbscan);
    }

    @Test
    void onlyTheFhirModuleTouchesHapi() {
        noClasses().that().resideOutsideOfPackage("org.gbscan.fhir..")
                .should().dependOnClassesThat().resideInAPackage("ca.uhn.fhir..")
                .orShould().dependOnClassesThat().resideInAPackage("org.hl7.fhir..")
                .check(gbscan);
    }

    @Test
    void onlyTheArtemisHandOffTouchesJmsArtemisAndSpring() {
        noClasses().that().resideOutsideOfPackage("org.gbscan.handoff.artemis..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.jms..", "org.apache.activemq..",
                        "org.springframework..", "org.apache.camel.component.jms..")
                .check(gbscan);
    }

    @Test
    void theDomainCoreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("org.gbscan.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.gbscan.listener..", "org.gbscan.inference..",
                        "org.gbscan.reporting..", "org.gbscan.fhir..", "org.gbscan.trainer..", "org.gbscan.app..",
                        "org.gbscan.web..", "org.gbscan.phantom..", "org.gbscan.handoff..")
                .check(gbscan);
    }
}
