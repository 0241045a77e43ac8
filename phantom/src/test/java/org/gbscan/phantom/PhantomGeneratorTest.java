package org.gbscan.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.gbscan.core.Frame;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.Photos;
import org.gbscan.core.SopClass;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.testing.Dciodvfy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small set (8 patients, 256x192, with photos) generated once and inspected from every side. */
class PhantomGeneratorTest {
    @TempDir
    static Path dir;
    static PhantomReport report;
    static List<String> progress = new ArrayList<>();

    @BeforeAll
    static void generate() throws IOException {
        PhantomOptions options = PhantomOptions.of(8, 42, dir.resolve("set")).withSize(256, 192).withPhotos(true)
                .withCineFraction(0.3).withThreads(2);
        report = PhantomGenerator.generate(options, (done, total) -> progress.add(done + "/" + total));
    }

    private static List<Path> dicomFiles() throws IOException {
        try (Stream<Path> files = Files.walk(report.out().resolve("studies"))) {
            return files.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    @Test
    void writesOneStudyPerPatientWithTwoToSixUltrasoundImages() throws Exception {
        Map<String, Set<String>> studiesByPatient = new HashMap<>();
        Map<String, Integer> imagesByPatient = new HashMap<>();
        for (Path file : dicomFiles()) {
            InstanceRef ref = DicomFiles.readRef(file);
            studiesByPatient.computeIfAbsent(ref.study().patient().id(), k -> new HashSet<>()).add(ref.study().studyInstanceUid());
            imagesByPatient.merge(ref.study().patient().id(), 1, Integer::sum);
            assertThat(ref.sopClassUid()).isIn(SopClass.US_IMAGE.uid(), SopClass.US_MULTIFRAME_IMAGE.uid());
            assertThat(ref.study().patient().name()).contains("^");
            assertThat(file.getParent().getParent().getFileName().toString()).isEqualTo(ref.study().patient().id());
        }
        assertThat(studiesByPatient).hasSize(8).allSatisfy((patient, studies) -> assertThat(studies).hasSize(1));
        assertThat(imagesByPatient.values()).allSatisfy(n -> assertThat(n).isBetween(2, 6));
        assertThat(report.images()).isEqualTo(dicomFiles().size());
        assertThat(progress).hasSize(report.images()).last().isEqualTo(report.images() + "/" + report.images());
    }

    @Test
    void everyDicomFilePassesDciodvfyWithoutErrors() throws Exception {
        for (Path file : dicomFiles()) {
            Dciodvfy.Result check = Dciodvfy.check(file);
            assertThat(check.errors()).as(file + "\n" + check.output()).isEmpty();
        }
    }

    @Test
    void filesReadBackWithTheirFrameCountsPixelSpacingAndColourModels() throws Exception {
        Set<String> photometrics = new HashSet<>();
        int multiFrame = 0;
        for (PhantomImage image : report.imageList()) {
            ImageInstance read = DicomFiles.read(report.out().resolve(image.file()), 0);
            assertThat(read.totalFrames()).isEqualTo(image.frames());
            assertThat(read.frames()).hasSize(image.frames());
            assertThat(read.frames().get(0).width()).isEqualTo(256);
            assertThat(read.frames().get(0).height()).isEqualTo(192);
            assertThat(read.spacing().rowMm()).isCloseTo(image.mmPerPx(), within(1e-9));
            assertThat(read.spacing().columnMm()).isCloseTo(image.mmPerPx(), within(1e-9));
            assertThat(read.ref().sopClassUid())
                    .isEqualTo(image.frames() > 1 ? SopClass.US_MULTIFRAME_IMAGE.uid() : SopClass.US_IMAGE.uid());
            photometrics.add(image.photometric());
            multiFrame += image.frames() > 1 ? 1 : 0;
        }
        assertThat(multiFrame).isPositive();
        assertThat(photometrics).contains("MONOCHROME2").hasSizeGreaterThan(1);
    }

    @Test
    void labelCsvHasTheSeedHeaderAndOneRowPerImageFile() throws Exception {
        List<String> lines = Files.readAllLines(report.labels(), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("Image_name,Label,Patient_name");
        List<String> rows = lines.subList(1, lines.size());
        assertThat(rows).hasSize(dicomFiles().size());
        Set<String> fileNames = new HashSet<>();
        for (String row : rows) {
            String[] cells = row.split(",");
            assertThat(cells).hasSize(3);
            Path file = report.out().resolve(cells[0]);
            assertThat(file).isRegularFile();
            assertThat(cells[1]).isIn("0", "1");
            // The 2021 convention also holds: the patient is the file-name prefix before '_'.
            assertThat(file.getFileName().toString()).startsWith(cells[2] + "_");
            fileNames.add(file.getFileName().toString());
        }
        assertThat(fileNames).as("file names are unique on their own").hasSize(rows.size());
    }

    @Test
    void masksMatchTheImageSizeAndTheCordMaskExistsWhereTheManifestSaysSo() throws Exception {
        for (PhantomImage image : report.imageList()) {
            if (image.hardness().contains(Hardness.NOT_IN_VIEW)) {
                assertThat(image.gallbladderMask()).isNull();
                assertThat(image.gallbladderAreaPx()).isZero();
                assertThat(image.label()).isEqualTo(Label.NON_BA);
                continue;
            }
            Mask gb = Mask.readPng(report.out().resolve(image.gallbladderMask()));
            assertThat(gb.width()).isEqualTo(image.width());
            assertThat(gb.height()).isEqualTo(image.height());
            assertThat(gb.area()).isEqualTo(image.gallbladderAreaPx()).isPositive();
            assertThat(image.cordMask() != null).isEqualTo(image.cordVisible());
            if (image.cordMask() != null) {
                Mask cord = Mask.readPng(report.out().resolve(image.cordMask()));
                assertThat(cord.area()).isPositive();
            }
        }
    }

    @Test
    void photosDecodeAsImagesWithWarpedMasksAndTheirOwnLabelCsv() throws Exception {
        List<String> rows = Files.readAllLines(report.photoLabels(), StandardCharsets.UTF_8);
        assertThat(rows).hasSize(report.images() + 1);
        assertThat(rows.get(0)).isEqualTo("Image_name,Label,Patient_name");
        for (PhantomImage image : report.imageList()) {
            Path photo = report.out().resolve(image.photo());
            ImageInstance read = Photos.read(photo);
            Frame f = read.frames().get(0);
            assertThat(f.width()).isEqualTo(256);
            if (image.gallbladderMask() == null) {
                assertThat(image.photoGallbladderMask()).isNull();
                continue;
            }
            Mask gb = Mask.readPng(report.out().resolve(image.photoGallbladderMask()));
            assertThat(gb.width()).isEqualTo(f.width());
            assertThat(gb.area()).as("the photo shows the gallbladder").isPositive().isLessThan(image.gallbladderAreaPx() * 2);
        }
    }

    @Test
    void manifestCountsWhatWasWritten() throws Exception {
        String json = Files.readString(report.manifest());
        assertThat(json).contains("\"seed\" : 42", "\"patients\" : 8", "\"images\" : " + report.images(), "hardnessCounts");
        assertThat(report.baPatients()).isEqualTo(4); // round(8 x 0.45)
    }

    @Test
    void theSameSeedGivesIdenticalPixelsMasksPhotosAndCsvWhateverTheThreadCount() throws Exception {
        PhantomReport again = PhantomGenerator.generate(PhantomOptions.of(8, 42, dir.resolve("again")).withSize(256, 192)
                .withPhotos(true).withCineFraction(0.3).withThreads(1));
        assertThat(Files.readAllBytes(again.labels())).isEqualTo(Files.readAllBytes(report.labels()));
        assertThat(Files.readString(again.manifest())).isEqualTo(Files.readString(report.manifest()));
        for (PhantomImage image : report.imageList()) {
            List<Frame> first = DicomFiles.read(report.out().resolve(image.file()), 0).frames();
            List<Frame> second = DicomFiles.read(again.out().resolve(image.file()), 0).frames();
            for (int k = 0; k < first.size(); k++) {
                assertThat(second.get(k).pixels()).as(image.file() + " frame " + k).isEqualTo(first.get(k).pixels());
            }
            assertThat(DicomFiles.readRef(again.out().resolve(image.file())))
                    .isEqualTo(DicomFiles.readRef(report.out().resolve(image.file())));
            if (image.gallbladderMask() != null) {
                assertThat(Files.readAllBytes(again.out().resolve(image.gallbladderMask())))
                        .isEqualTo(Files.readAllBytes(report.out().resolve(image.gallbladderMask())));
            }
            assertThat(Files.readAllBytes(again.out().resolve(image.photo())))
                    .isEqualTo(Files.readAllBytes(report.out().resolve(image.photo())));
        }
    }

    @Test
    void aDifferentSeedGivesDifferentImages() throws Exception {
        PhantomReport other = PhantomGenerator.generate(PhantomOptions.of(1, 43, dir.resolve("other")).withSize(256, 192)
                .withCineFraction(0).withThreads(1));
        PhantomReport same = PhantomGenerator.generate(PhantomOptions.of(1, 42, dir.resolve("same")).withSize(256, 192)
                .withCineFraction(0).withThreads(1));
        byte[] a = DicomFiles.read(other.out().resolve(other.imageList().get(0).file()), 0).frames().get(0).pixels();
        byte[] b = DicomFiles.read(same.out().resolve(same.imageList().get(0).file()), 0).frames().get(0).pixels();
        assertThat(a).isNotEqualTo(b);
    }
}
