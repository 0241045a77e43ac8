package org.gbscan.phantom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.gbscan.core.Label;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a synthetic infant gallbladder ultrasound set: one DICOM study per patient, masks, label
 * CSV(s) and a manifest. Everything follows from the seed; patients are made in parallel, each from its
 * own random stream, so the thread count changes the speed and nothing else.
 * <pre>
 * OUT/labels.csv                                   Image_name,Label,Patient_name (0 = BA, 1 = non-BA)
 * OUT/studies/PH00001/1/PH00001_1_1.dcm            Ultrasound Image (series 1) / Multi-frame (series 2)
 * OUT/masks/PH00001_1_1_gb.png, ..._tc.png         gallbladder / triangular cord, frame 0
 * OUT/photos/PH00001_1_1.jpg, photos/labels.csv    with photos: phone photos of frame 0
 * OUT/photos/masks/PH00001_1_1_gb.png              the masks warped into the photo
 * OUT/manifest.json                                seed, counts, class balance, per-image hardness
 * </pre>
 */
public final class PhantomGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(PhantomGenerator.class);

    /** Called after each image (from worker threads, one call at a time). */
    @FunctionalInterface
    public interface Progress {
        void imageDone(int done, int total);
    }

    private PhantomGenerator() {
    }

    public static PhantomReport generate(PhantomOptions options) throws IOException {
        return generate(options, (done, total) -> { });
    }

    public static PhantomReport generate(PhantomOptions options, Progress progress) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(options.out());
        List<PatientCase> patients = patients(options);
        int total = patients.stream().mapToInt(PatientCase::images).sum();
        AtomicInteger done = new AtomicInteger();
        Runnable imageDone = () -> {
            synchronized (progress) {
                progress.imageDone(done.incrementAndGet(), total);
            }
        };
        PatientJob job = new PatientJob(options);
        List<PhantomImage> images = new ArrayList<>(total);
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "phantom-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<PhantomImage>>> futures = new ArrayList<>();
            for (PatientCase p : patients) {
                futures.add(pool.submit(() -> job.run(p, imageDone)));
            }
            for (Future<List<PhantomImage>> f : futures) {
                images.addAll(await(f));
            }
        } finally {
            pool.shutdownNow();
        }
        Path labels = options.out().resolve("labels.csv");
        SetFiles.writeLabels(labels, images, PhantomImage::file);
        Path photoLabels = null;
        if (options.photos()) {
            photoLabels = options.out().resolve("photos/labels.csv");
            SetFiles.writeLabels(photoLabels, images, i -> i.photo().substring("photos/".length()));
        }
        Path manifest = options.out().resolve("manifest.json");
        SetFiles.writeManifest(manifest, options, patients, images);

        double seconds = (System.nanoTime() - start) / 1e9;
        int baPatients = (int) patients.stream().filter(p -> p.label() == Label.BA).count();
        int baImages = (int) images.stream().filter(i -> i.label() == Label.BA).count();
        int frames = images.stream().mapToInt(PhantomImage::frames).sum();
        PhantomReport report = new PhantomReport(patients.size(), baPatients, images.size(), baImages, frames,
                options.photos() ? images.size() : 0, seconds, images.size() / seconds, options.out(), labels, photoLabels,
                manifest, images);
        LOG.info("phantom: {} patients ({} BA), {} images, {} frames in {} s ({} images/s, {} threads)", report.patients(),
                baPatients, report.images(), frames, String.format(Locale.ROOT, "%.1f", seconds),
                String.format(Locale.ROOT, "%.1f", report.imagesPerSecond()), options.threads());
        return report;
    }

    /** Exactly round(N x baFraction) BA patients, spread over the set by a seeded shuffle. */
    static List<PatientCase> patients(PhantomOptions options) {
        int n = options.patients();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = Seeds.rng(options.seed(), 0xBA);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] ba = new boolean[n];
        int baCount = (int) Math.round(n * options.baFraction());
        for (int k = 0; k < baCount; k++) {
            ba[order[k]] = true;
        }
        PatientSampler sampler = new PatientSampler(options.seed(), options.hardFraction());
        List<PatientCase> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sampler.sample(i, ba[i]));
        }
        return out;
    }

    private static List<PhantomImage> await(Future<List<PhantomImage>> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("phantom generation was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("phantom worker failed: " + cause, cause);
        }
    }
}
