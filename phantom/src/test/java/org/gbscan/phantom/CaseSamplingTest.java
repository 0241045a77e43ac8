package org.gbscan.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.gbscan.core.Label;
import org.junit.jupiter.api.Test;

/** The case mix, sampled without writing files. */
class CaseSamplingTest {
    private static final Path NOWHERE = Path.of("unused");

    @Test
    void theBaShareOfPatientsIsTheRequestedFractionRoundedToWholePatients() {
        assertThat(baPatients(PhantomOptions.of(200, 7, NOWHERE))).isEqualTo(90);
        assertThat(baPatients(PhantomOptions.of(200, 7, NOWHERE).withBaFraction(0.3))).isEqualTo(60);
        assertThat(baPatients(PhantomOptions.of(7, 7, NOWHERE).withBaFraction(0.5))).isEqualTo(4);
    }

    @Test
    void theBaShareOfImagesStaysCloseToThePatientShare() {
        List<PatientCase> patients = PhantomGenerator.patients(PhantomOptions.of(400, 11, NOWHERE));
        int images = patients.stream().mapToInt(PatientCase::images).sum();
        int ba = patients.stream().filter(p -> p.label() == Label.BA).mapToInt(PatientCase::images).sum();
        assertThat((double) ba / images).isCloseTo(0.45, within(0.05));
        assertThat(patients).allSatisfy(p -> assertThat(p.images()).isBetween(2, 6));
    }

    @Test
    void hardVariantsMakeUpAboutTheRequestedShareOfEachClass() {
        List<PatientCase> patients = PhantomGenerator.patients(PhantomOptions.of(1000, 3, NOWHERE).withHardFraction(0.2));
        long nonBa = patients.stream().filter(p -> p.label() == Label.NON_BA).count();
        long contracted = patients.stream().filter(p -> p.variant() == CaseVariant.CONTRACTED_NORMAL).count();
        long ba = patients.size() - nonBa;
        long nearNormal = patients.stream().filter(p -> p.variant() == CaseVariant.NEAR_NORMAL_BA).count();
        assertThat((double) contracted / nonBa).isCloseTo(0.2, within(0.05));
        assertThat((double) nearNormal / ba).isCloseTo(0.2, within(0.05));
        assertThat(PhantomGenerator.patients(PhantomOptions.of(300, 3, NOWHERE).withHardFraction(0)))
                .noneMatch(p -> p.variant().hard() || p.periportalEcho());
    }

    @Test
    void baGallbladdersAreSmallerOnAverageAndTypicalOnesAreShorterThan19mm() {
        List<PatientCase> patients = PhantomGenerator.patients(PhantomOptions.of(400, 5, NOWHERE));
        double ba = patients.stream().filter(p -> p.label() == Label.BA).mapToDouble(PatientCase::lengthMm).average().orElseThrow();
        double normal = patients.stream().filter(p -> p.label() == Label.NON_BA).mapToDouble(PatientCase::lengthMm).average().orElseThrow();
        assertThat(ba).isLessThan(normal - 5);
        assertThat(patients).filteredOn(p -> p.variant() == CaseVariant.BILIARY_ATRESIA)
                .allSatisfy(p -> assertThat(p.lengthMm()).isLessThan(19));
        assertThat(patients).filteredOn(p -> p.variant() == CaseVariant.NORMAL)
                .allSatisfy(p -> assertThat(p.lengthMm()).isGreaterThanOrEqualTo(19));
    }

    @Test
    void onlyBaPatientsHaveTheTriangularCordSignAndOnlyNormalOnesHaveContractedOrPeriportalMimics() {
        List<PatientCase> patients = PhantomGenerator.patients(PhantomOptions.of(400, 9, NOWHERE));
        assertThat(patients).filteredOn(PatientCase::cordSign).allSatisfy(p -> assertThat(p.label()).isEqualTo(Label.BA));
        assertThat(patients).filteredOn(PatientCase::periportalEcho).allSatisfy(p -> assertThat(p.label()).isEqualTo(Label.NON_BA));
        assertThat(patients).filteredOn(PatientCase::cordSign).allSatisfy(p -> assertThat(p.cordThicknessMm()).isGreaterThanOrEqualTo(3));
        assertThat(patients).filteredOn(PatientCase::periportalEcho).allSatisfy(p -> assertThat(p.cordThicknessMm()).isLessThan(3));
        assertThat(patients.stream().filter(PatientCase::cordSign).count())
                .isGreaterThan(patients.stream().filter(p -> p.label() == Label.BA).count() / 2);
    }

    private static long baPatients(PhantomOptions options) {
        return PhantomGenerator.patients(options).stream().filter(p -> p.label() == Label.BA).count();
    }
}
