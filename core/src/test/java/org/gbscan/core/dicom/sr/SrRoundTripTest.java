package org.gbscan.core.dicom.sr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.Uids;
import org.gbscan.core.dicom.ImageSpec;
import org.gbscan.core.testing.Dciodvfy;
import org.gbscan.core.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = SopClass.class, names = {"COMPREHENSIVE_SR", "ENHANCED_SR"})
    void writesEveryValueTypeAsAValidSrAndReadsTheSameTreeBack(SopClass sop) throws Exception {
        StudyRef study = Fixtures.study("SR1");
        InstanceRef image = Fixtures.instance(study, SopClass.US_MULTIFRAME_IMAGE, 1);
        InstanceRef ref = new InstanceRef(study, Uids.random(), Uids.random(), sop.uid(), "SR", 99, 1);
        Code name = new Code("111001", "DCM", "Algorithm Name");
        ContentItem.Container root = new ContentItem.Container(null, new Code("126000", "DCM", "Imaging Measurement Report"), "1500",
                List.of(new ContentItem.CodeItem(Relationship.HAS_CONCEPT_MOD, new Code("121049", "DCM", "Language of Content Item and Descendants"),
                                new Code("en", "RFC5646", "English"), List.of()),
                        new ContentItem.UidRef(Relationship.HAS_OBS_CONTEXT, new Code("121012", "DCM", "Device Observer UID"), Uids.random()),
                        new ContentItem.Container(Relationship.CONTAINS, new Code("126010", "DCM", "Imaging Measurements"), "", List.of(
                                new ContentItem.Text(Relationship.CONTAINS, name, "gbscan model"),
                                new ContentItem.Num(Relationship.CONTAINS, new Code("BA-PROB", "99TEST", "Test probability"),
                                        0.123456789012345678, new Code("{probability}", "UCUM", "probability"), List.of(
                                        new ContentItem.ImageRef(Relationship.INFERRED_FROM, new Code("121112", "DCM", "Source of Measurement"),
                                                image.sopClassUid(), image.sopInstanceUid(), 3)))))));
        SrDocument doc = new SrDocument(ref, new ImageSpec.Equipment("gbscan", "m", "1", ""), "round trip", true,
                LocalDateTime.of(2026, 3, 15, 10, 30, 5), root, List.of(EvidenceRef.of(image)), List.of(),
                List.of(new CodingScheme("99TEST", Uids.derive("test-scheme"), "test codes", "gbscan")));
        Path file = dir.resolve("sr.dcm");

        SrWriter.write(doc, file);

        Dciodvfy.Result check = Dciodvfy.check(file);
        assertThat(check.errors()).as(check.output()).isEmpty();
        SrDocument back = SrReader.read(file);
        assertThat(back.root()).isEqualTo(root);
        assertThat(back.ref()).isEqualTo(ref);
        assertThat(back.currentEvidence()).containsExactly(EvidenceRef.of(image));
        assertThat(back.contentDateTime()).isEqualTo(doc.contentDateTime());
        assertThat(back.privateSchemes()).isEqualTo(doc.privateSchemes());
        assertThat(back.complete()).isTrue();
        assertThat(back.equipment().manufacturer()).isEqualTo("gbscan");
    }

    @org.junit.jupiter.api.Test
    void keepsNumericValuesExactThroughTheFloatingPointValueAndFitsTheDecimalStringIn16Characters() {
        assertThat(SrWriter.decimalString(0.123456789012345678)).hasSizeLessThanOrEqualTo(16);
        assertThat(SrWriter.decimalString(1e-12)).hasSizeLessThanOrEqualTo(16);
        assertThat(SrWriter.decimalString(0.5)).isEqualTo("0.5");
    }
}
