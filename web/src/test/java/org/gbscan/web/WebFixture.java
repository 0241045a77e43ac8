package org.gbscan.web;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.gbscan.core.FrameScore;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.render.CamOverlay;
import org.gbscan.inference.BatchingScorer;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.inference.StudyScorer;
import org.gbscan.inference.model.ModelDirectory;
import org.gbscan.inference.model.ScoringModel;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.gbscan.trainer.testing.TestModels;

/**
 * What every web test shares, made once per test JVM: the trainer's small phantom-trained model
 * behind the same {@link BatchingScorer} the service uses, and a small phantom set (DICOM studies
 * plus simulated phone photos of them) under the build's test cache.
 */
final class WebFixture {
    private static final long PHANTOM_SEED = 808;
    private static WebFixture instance;

    private final ScoringModel model;
    private final BatchingScorer scorer;
    private final List<Path> photos;
    private final List<Path> dicoms;

    private WebFixture(ScoringModel model, BatchingScorer scorer, List<Path> photos, List<Path> dicoms) {
        this.model = model;
        this.scorer = scorer;
        this.photos = photos;
        this.dicoms = dicoms;
    }

    static synchronized WebFixture get() throws Exception {
        if (instance == null) {
            ScoringModel model = ModelDirectory.load(TestModels.phantomModel(), Device.cpu());
            BatchingScorer scorer = new BatchingScorer(model, InferenceSettings.defaults());
            Path phantom = phantomSet();
            instance = new WebFixture(model, scorer, files(phantom.resolve("photos"), ".jpg"), files(phantom.resolve("studies"), ".dcm"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                scorer.close();
                model.close();
            }));
        }
        return instance;
    }

    BatchingScorer scorer() {
        return scorer;
    }

    ModelInfo info() {
        return model.info();
    }

    /** A phantom phone photo (JPEG), in a stable order. */
    Path photo(int i) {
        return photos.get(i % photos.size());
    }

    /** A phantom phone photo of a biliary atresia case (label 0 in the phantom's label CSV). */
    Path baPhoto() throws IOException {
        Path dir = photos.get(0).getParent();
        return Files.readAllLines(dir.resolve("labels.csv")).stream().skip(1)
                .map(line -> line.split(","))
                .filter(cols -> cols.length >= 2 && cols[1].trim().equals("0"))
                .map(cols -> dir.resolve(cols[0].trim()))
                .findFirst().orElseThrow(() -> new IOException("no BA photo in " + dir.resolve("labels.csv")));
    }

    /** One DICOM file of each phantom patient (so each is a study of its own). */
    List<Path> onePerPatient() {
        Map<Path, Path> first = new java.util.TreeMap<>();
        for (Path d : dicoms) {
            first.putIfAbsent(d.getParent().getParent(), d); // studies/<patient>/<series>/<file>.dcm
        }
        return List.copyOf(first.values());
    }

    Path dicom(int i) {
        return dicoms.get(i % dicoms.size());
    }

    /** One DICOM file scored as the service scores a study (all its decoded frames, mean probability). */
    StudyResult scoreStudy(Path dicom) throws BadDicomException {
        ImageInstance image = DicomFiles.read(dicom, WebSettings.defaults().maxFrames());
        return new StudyScorer(scorer, info()).score(image.ref().study(), List.of(image));
    }

    /** CAM PNGs of the top-k frames, keyed by frame key, as the reporting step stores them. */
    Map<String, byte[]> camPngs(StudyResult result, int k) {
        Map<String, byte[]> out = new HashMap<>();
        for (FrameScore f : result.topFrames(k)) {
            if (f.heatMap() != null) {
                out.put(f.frame().key(), CamOverlay.png(f.frame(), f.heatMap(), List.of(String.format(Locale.ROOT,
                        "BA probability %.3f", f.baProbability()), info().displayName())));
            }
        }
        return out;
    }

    private static Path phantomSet() throws IOException {
        Path root = Path.of(System.getProperty("gbscan.repo.root", ".")).resolve("target/test-cache/web-phantom-" + PHANTOM_SEED);
        if (!Files.exists(root.resolve("photos/labels.csv"))) {
            PhantomGenerator.generate(PhantomOptions.of(3, PHANTOM_SEED, root).withPhotos(true));
        }
        return root;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            if (found.isEmpty()) {
                throw new IOException("no " + suffix + " files in " + dir);
            }
            return found;
        }
    }
}
