package org.gbscan.trainer.data;

import org.gbscan.core.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetImporterTest {
    @TempDir
    Path dir;

    @Test
    void findsDicomByPreambleAtAnyDepthAndPhotosByMagicBytes() throws IOException {
        Path data = dir.resolve("export");
        dicom(data.resolve("PAT1/STUDY1/SER1/IM0001"));
        dicom(data.resolve("PAT1/STUDY1/SER1/IM0002.dcm"));
        dicom(data.resolve("DICOMDIR"));
        photo(data.resolve("photos/7A.jpg"), "jpg");
        photo(data.resolve("photos/7B.png"), "png");
        Files.writeString(data.resolve("README.txt"), "not an image");
        photo(data.resolve("masks/IM0001_gb.png"), "png");

        ExportScanner.Scan scan = new ExportScanner(DatasetImporter.DEFAULT_SKIP_FOLDERS).scan(data);

        assertThat(scan.files()).extracting(FoundFile::relativePath).containsExactly(
                "PAT1/STUDY1/SER1/IM0001", "PAT1/STUDY1/SER1/IM0002.dcm", "photos/7A.jpg", "photos/7B.png");
        assertThat(scan.files()).extracting(FoundFile::kind).containsExactly(
                ImageKind.DICOM, ImageKind.DICOM, ImageKind.PHOTO, ImageKind.PHOTO);
        assertThat(scan.dicomDirs()).isEqualTo(1);
        assertThat(scan.otherFiles()).isEqualTo(1);
    }

    @Test
    void readsThePhoneRepositoryFormatWithHeaderAndPatientColumn() throws IOException {
        Path data = dir.resolve("export");
        photo(data.resolve("7A.jpg"), "jpg");
        photo(data.resolve("7B.jpg"), "jpg");
        photo(data.resolve("9A.jpg"), "jpg");
        Path csv = write("labels.csv", "Image_name,Label,Patient_name\n7A.jpg,0,4_0.jpg\n7B.jpg,0,4_0.jpg\n9A.jpg,1,5_1.jpg\n");

        Dataset d = new DatasetImporter().importFrom(data, csv);

        assertThat(d.images()).extracting(LabeledImage::id, LabeledImage::label, LabeledImage::patient).containsExactly(
                org.assertj.core.groups.Tuple.tuple("7A.jpg", Label.BA, "4_0.jpg"),
                org.assertj.core.groups.Tuple.tuple("7B.jpg", Label.BA, "4_0.jpg"),
                org.assertj.core.groups.Tuple.tuple("9A.jpg", Label.NON_BA, "5_1.jpg"));
        assertThat(d.summary().clean()).isTrue();
        assertThat(d.summary().baPatients()).isEqualTo(1);
        assertThat(d.summary().nonBaPatients()).isEqualTo(1);
    }

    @Test
    void readsThe2021FormatWithoutHeaderTakingThePatientFromTheFileNamePrefix() throws IOException {
        Path data = dir.resolve("export");
        dicom(data.resolve("a/P17_1"));
        dicom(data.resolve("b/P17_2.dcm"));
        dicom(data.resolve("b/P18_1.dcm"));
        Path csv = write("labels.csv", "P17_1.dcm,0\nP17_2.dcm,0\nP18_1,1\n");

        Dataset d = new DatasetImporter().importFrom(data, csv);

        assertThat(d.images()).extracting(LabeledImage::id).containsExactly("a/P17_1", "b/P17_2.dcm", "b/P18_1.dcm");
        assertThat(d.images()).extracting(LabeledImage::patient).containsExactly("P17", "P17", "P18");
        assertThat(d.summary().clean()).isTrue();
    }

    @Test
    void reportsUnmatchedRowsUnlabelledFilesAndBadRowsInsteadOfFailing() throws IOException {
        Path data = dir.resolve("export");
        dicom(data.resolve("x/IM1"));
        dicom(data.resolve("y/IM1"));
        dicom(data.resolve("y/IM2"));
        dicom(data.resolve("y/IM3"));
        Path csv = write("labels.csv", "file,label\nIM1,0\ny/IM1,1\nIM2,2\nIM9,0\nIM3,1\nIM3,0\n");

        Dataset d = new DatasetImporter().importFrom(data, csv);
        ImportSummary s = d.summary();

        // "IM1" is in two folders (ambiguous, reported); "y/IM1" names one of them by path.
        assertThat(d.images()).extracting(LabeledImage::id).containsExactly("y/IM1", "y/IM3");
        assertThat(s.unmatchedRows()).containsExactly("line 5: IM9");
        assertThat(s.unlabelledFiles()).containsExactly("x/IM1", "y/IM2");
        assertThat(s.csvProblems()).hasSize(3).anySatisfy(p -> assertThat(p).contains("line 4").contains("'2' is not 0 (BA) or 1"))
                .anySatisfy(p -> assertThat(p).contains("line 2").contains("matches 2 files"))
                .anySatisfy(p -> assertThat(p).contains("line 7").contains("already labelled on line 6"));
        assertThat(s.toText()).contains("1 label row(s) match no file", "2 file(s) have no label");
    }

    @Test
    void refusesAMissingLabelFileWithItsPath() {
        assertThatThrownBy(() -> new DatasetImporter().importFrom(dir, dir.resolve("nope.csv")))
                .hasMessageContaining("label file does not exist").hasMessageContaining("nope.csv");
    }

    @Test
    void splitKeepsEveryPatientInOnePartStratifiedAndSeeded() throws IOException {
        Path data = dir.resolve("export");
        StringBuilder csv = new StringBuilder("Image_name,Label,Patient_name\n");
        for (int p = 0; p < 40; p++) {
            int label = p < 12 ? 0 : 1; // 12 BA patients, 28 non-BA
            for (int i = 0; i < 3; i++) {
                String name = "p" + p + "_" + i + ".png";
                photo(data.resolve(name), "png");
                csv.append(name).append(',').append(label).append(",patient").append(p).append('\n');
            }
        }
        Dataset d = new DatasetImporter().importFrom(data, write("labels.csv", csv.toString()));

        PatientSplit.Parts parts = PatientSplit.split(d, 0.25, 0.25, 42);

        var train = parts.train().patientLabels();
        var val = parts.validation().patientLabels();
        var test = parts.test().patientLabels();
        assertThat(train.keySet()).doesNotContainAnyElementsOf(val.keySet()).doesNotContainAnyElementsOf(test.keySet());
        assertThat(val.keySet()).doesNotContainAnyElementsOf(test.keySet());
        assertThat(train.size() + val.size() + test.size()).isEqualTo(40);
        // 12 BA * 0.25 = 3 per part, 28 non-BA * 0.25 = 7 per part
        assertThat(val.values()).filteredOn(l -> l == Label.BA).hasSize(3);
        assertThat(test.values()).filteredOn(l -> l == Label.NON_BA).hasSize(7);
        assertThat(parts.train().images()).hasSize(3 * train.size());
        assertThat(PatientSplit.split(d, 0.25, 0.25, 42).validation().patientLabels().keySet()).isEqualTo(val.keySet());
        assertThat(PatientSplit.split(d, 0.25, 0.25, 43).validation().patientLabels().keySet()).isNotEqualTo(val.keySet());
    }

    @Test
    void patientLabelIsTheMajorityWithTiesGoingToBa() {
        FoundFile f = new FoundFile(dir, "x", ImageKind.PHOTO);
        var ba = new LabeledImage(f, Label.BA, "p");
        var non = new LabeledImage(f, Label.NON_BA, "p");
        assertThat(Dataset.patientLabel(java.util.List.of(ba, non))).isEqualTo(Label.BA);
        assertThat(Dataset.patientLabel(java.util.List.of(ba, non, non))).isEqualTo(Label.NON_BA);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** 128-byte preamble + "DICM" + a little: all the scanner looks at (decoding is not its job). */
    private static void dicom(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        byte[] b = new byte[200];
        b[128] = 'D';
        b[129] = 'I';
        b[130] = 'C';
        b[131] = 'M';
        Files.write(p, b);
    }

    private static void photo(Path p, String format) throws IOException {
        Files.createDirectories(p.getParent());
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), format, p.toFile());
    }
}
