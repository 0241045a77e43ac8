package org.gbscan.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.HeatMap;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.Patient;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.Refusal;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.core.Uids;

/**
 * Hand-built study results: tiny 4x3 frames, probabilities given by the test (inputs, not model
 * outputs). Everything is derived from a seed so tests can build many distinct studies.
 */
public final class TestStudies {
    public static final ModelInfo MODEL = new ModelInfo("gbscan-se-resnet", "1.2.0", "SE-ResNet-50", 0.5);

    private TestStudies() {
    }

    public static StudyRef study(String seed, String patientId, String studyDate, String studyTime) {
        return new StudyRef(Uids.derive("test-study", seed), new Patient(patientId, "DOE^JANE^^^", "20240101", "F"),
                "ACC" + Math.abs(seed.hashCode() % 100000), studyDate, studyTime, "1", "US ABDOMEN");
    }

    public static InstanceRef instance(StudyRef study, int series, int number) {
        return new InstanceRef(study, Uids.derive("series", study.studyInstanceUid(), Integer.toString(series)),
                Uids.derive("sop", study.studyInstanceUid(), Integer.toString(series), Integer.toString(number)),
                SopClass.US_IMAGE.uid(), "US", series, number);
    }

    /** A result whose frames have the given probabilities; the study score is their mean. */
    public static StudyResult result(StudyRef study, ModelInfo model, Instant scoredAt, double... frameProbabilities) {
        List<InstanceRef> sources = new ArrayList<>();
        List<FrameScore> scores = new ArrayList<>();
        for (int i = 0; i < frameProbabilities.length; i++) {
            InstanceRef instance = instance(study, 1 + i % 2, i + 1);
            sources.add(instance);
            Frame frame = new Frame(instance, 0, 4, 3, PixelFormat.GRAY8, new byte[12]);
            float[] cam = new float[12];
            cam[i % 12] = 1f;
            double p = frameProbabilities[i];
            scores.add(new FrameScore(frame, p, Label.atThreshold(p, model.threshold()), new HeatMap(4, 3, cam)));
        }
        double mean = java.util.Arrays.stream(frameProbabilities).average().orElseThrow();
        return new StudyResult(study, sources, scores, mean, Label.atThreshold(mean, model.threshold()), model, scoredAt);
    }

    /** A study whose {@code frames} frames the quality gate all refused for {@code refusal}. */
    public static StudyResult notAssessable(StudyRef study, Instant scoredAt, Refusal refusal, int frames) {
        List<InstanceRef> sources = new ArrayList<>();
        List<FrameScore> scores = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            InstanceRef instance = instance(study, 1, i + 1);
            sources.add(instance);
            scores.add(FrameScore.refused(new Frame(instance, 0, 4, 3, PixelFormat.GRAY8, new byte[12]), refusal));
        }
        return StudyResult.notAssessable(study, sources, scores, refusal, MODEL, scoredAt);
    }

    public static StudyResult result(String seed, String patientId, String studyDate, double... frameProbabilities) {
        return result(study(seed, patientId, studyDate, "103000"), MODEL, Instant.parse("2025-03-01T12:00:00Z"),
                frameProbabilities);
    }

    /** A valid 1x1 PNG, as the reporting module would hand over a CAM thumbnail. */
    public static byte[] png(int grey) {
        try {
            var image = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setSample(0, 0, 0, grey);
            var out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
