package org.gbscan.core.testing;

import org.gbscan.core.Frame;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Patient;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.Uids;

/** Small, explicit test data built from the domain records. */
public final class Fixtures {
    private Fixtures() {
    }

    public static StudyRef study(String patientId) {
        return new StudyRef(Uids.random(), new Patient(patientId, "TEST^INFANT", "20260101", "F"),
                "ACC" + Math.abs(patientId.hashCode() % 100000), "20260315", "101500", "1", "US ABDOMEN");
    }

    public static InstanceRef instance(StudyRef study, SopClass sop, int number) {
        return new InstanceRef(study, Uids.derive(study.studyInstanceUid(), "series", sop.name()), Uids.random(),
                sop.uid(), sop.defaultModality(), 1, number);
    }

    /** A gradient with a bright square: every pixel differs from its neighbours, so decoding errors show. */
    public static Frame gradient(InstanceRef ref, int index, int w, int h, PixelFormat format) {
        byte[] p = new byte[w * h * format.channels()];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (x * 255 / Math.max(1, w - 1) + y * 3 + index * 17) & 0xff;
                boolean square = x > w / 4 && x < w / 2 && y > h / 4 && y < h / 2;
                int i = (y * w + x) * format.channels();
                if (format == PixelFormat.GRAY8) {
                    p[i] = (byte) (square ? 250 : v);
                } else {
                    p[i] = (byte) (square ? 250 : v);
                    p[i + 1] = (byte) ((y * 255 / Math.max(1, h - 1)) & 0xff);
                    p[i + 2] = (byte) (square ? 20 : 128);
                }
            }
        }
        return new Frame(ref, index, w, h, format, p);
    }
}
