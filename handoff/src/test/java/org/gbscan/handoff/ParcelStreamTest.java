package org.gbscan.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParcelStreamTest {
    @TempDir
    Path dir;

    private StudyParcel parcel(int files, int size) throws Exception {
        Random random = new Random(7);
        Path spool = Files.createDirectories(dir.resolve("spool"));
        List<Path> paths = new java.util.ArrayList<>();
        for (int i = 0; i < files; i++) {
            byte[] content = new byte[size + i];
            random.nextBytes(content);
            paths.add(Files.write(spool.resolve("1.2.3." + i + ".dcm"), content));
        }
        return StudyParcel.of("1.2.826.0.1.3680043.8.498.1", 3, paths);
    }

    private static byte[] bytes(StudyParcel parcel) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParcelStream.write(parcel, out);
        return out.toByteArray();
    }

    @Test
    void unpacksTheSameStudyRevisionAndFileContents() throws Exception {
        StudyParcel sent = parcel(3, 200_000);
        ParcelStream.Unpacked got = ParcelStream.unpack(new ByteArrayInputStream(bytes(sent)), dir.resolve("work"));
        assertThat(got.header()).isEqualTo(new ParcelStream.Header(sent.studyInstanceUid(), 3));
        assertThat(got.files()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(got.files().get(i).getFileName()).isEqualTo(sent.files().get(i).getFileName());
            assertThat(Files.readAllBytes(got.files().get(i))).isEqualTo(Files.readAllBytes(sent.files().get(i)));
        }
    }

    @Test
    void anEmptyStudyIsAValidParcel() throws Exception {
        StudyParcel sent = StudyParcel.of("1.2.3", 1, List.of());
        assertThat(ParcelStream.unpack(new ByteArrayInputStream(bytes(sent)), dir.resolve("work")).files()).isEmpty();
    }

    @Test
    void refusesATruncatedParcel() throws Exception {
        byte[] whole = bytes(parcel(2, 5000));
        byte[] cut = Arrays.copyOf(whole, whole.length - 2000);
        assertThatThrownBy(() -> ParcelStream.unpack(new ByteArrayInputStream(cut), dir.resolve("work")))
                .isInstanceOf(BadParcelException.class).hasMessageContaining("truncated");
    }

    @Test
    void refusesAParcelWhoseBytesChangedOnTheWay() throws Exception {
        byte[] whole = bytes(parcel(1, 5000));
        whole[whole.length / 2] ^= 0x40;
        assertThatThrownBy(() -> ParcelStream.unpack(new ByteArrayInputStream(whole), dir.resolve("work")))
                .isInstanceOf(BadParcelException.class).hasMessageContaining("checksum");
    }

    @Test
    void refusesAForeignMessage() {
        byte[] text = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ParcelStream.unpack(new ByteArrayInputStream(text), dir.resolve("work")))
                .isInstanceOf(BadParcelException.class).hasMessageContaining("not a gbscan study parcel");
    }

    @Test
    void refusesAFileNameThatClimbsOutOfItsFolder() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.write("GBSCAN-PARCEL".getBytes(StandardCharsets.US_ASCII));
            out.writeByte(1);
            out.writeUTF("1.2.3");
            out.writeInt(1);
            out.writeInt(1);
            out.writeUTF("../../etc/cron.d/evil");
            out.writeLong(1);
            out.write('x');
        }
        Path work = dir.resolve("work");
        assertThatThrownBy(() -> ParcelStream.unpack(new ByteArrayInputStream(raw.toByteArray()), work))
                .isInstanceOf(BadParcelException.class).hasMessageContaining("not a plain file name");
        assertThat(dir.resolve("etc")).doesNotExist();
    }
}
