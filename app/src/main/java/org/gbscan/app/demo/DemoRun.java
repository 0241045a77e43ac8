package org.gbscan.app.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gbscan.app.Service;
import org.gbscan.core.Config;
import org.gbscan.core.Label;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.trainer.phantom.PhantomModels;

/**
 * The demo, end to end and for real: a phantom set in a real PACS (Orthanc), the PACS pushes each study
 * to a running gbscan, gbscan's SR and CAM SC come back into the same study, and the FHIR API is asked
 * for the report. Everything it starts, it stops.
 */
public final class DemoRun {
    private static final String TOKEN = "demo-token";

    /** @param work cache folder: the trained model and phantom sets survive between runs, the rest is fresh */
    public record Options(Path work, int patients, long seed, Duration timeout) {
    }

    /** One line of the result table. */
    public record Row(DemoStudies.Study study, Optional<FhirQuery.Found> report, boolean srPresent, int scCount,
                      double seconds, List<Path> camPngs) {
        /** The report's label; empty when there is no report or the study was not assessable. */
        public Optional<Label> label() {
            return report.filter(FhirQuery.Found::assessable)
                    .map(r -> r.conclusion().toLowerCase(Locale.ROOT).contains("not suspected") ? Label.NON_BA : Label.BA);
        }

        /** Not assessable: the report says so, and no CAM Secondary Capture is made for it. */
        public boolean notAssessable() {
            return report.filter(r -> !r.assessable()).isPresent();
        }
    }

    private final Options options;
    private final PrintStream out;

    public DemoRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public List<Row> run() throws Exception {
        Path model = step("model", () -> PhantomModels.ensure(options.work().resolve("model"), out));
        Path set = step("phantom studies", this::phantomSet);
        DemoStudies studies = DemoStudies.read(set);
        Path run = options.work().resolve("run");
        deleteTree(run);
        int dicomPort = OrthancPacs.freePort();
        try (OrthancPacs pacs = new OrthancPacs(run.resolve("orthanc"), "ORTHANC",
                Map.of("GBSCAN", new OrthancPacs.Node("GBSCAN", "127.0.0.1", dicomPort)))) {
            step("PACS (Orthanc)", pacs::start);
            Config config = serviceConfig(run, model, dicomPort, pacs);
            try (Service service = step("gbscan serve", () -> Service.start(config))) {
                out.printf("  model %s on %s; DICOM port %d, HTTP port %d%n", service.model().displayName(),
                        service.device(), service.dicomPort(), service.httpPort());
                step("load studies into the PACS", () -> upload(pacs, studies));
                Map<String, Long> sentAt = step("PACS sends studies to gbscan", () -> send(pacs, studies));
                FhirQuery fhir = new FhirQuery(service.httpPort(), TOKEN);
                Map<String, Double> seconds = step("wait for SR and SC in the PACS",
                        () -> awaitResults(pacs, fhir, studies, sentAt));
                List<Row> rows = new ArrayList<>();
                for (DemoStudies.Study study : studies.studies()) {
                    List<OrthancPacs.Series> series = pacs.series(study.studyInstanceUid());
                    rows.add(new Row(study, fhir.reportForStudy(study.studyInstanceUid()), hasModality(series, "SR"),
                            count(series, "OT"), seconds.getOrDefault(study.studyInstanceUid(), Double.NaN),
                            savePreviews(pacs, study, series, run.resolve("cam"))));
                }
                return rows;
            }
        }
    }

    private Path phantomSet() throws IOException {
        Path set = options.work().resolve("studies-" + options.patients() + "-" + options.seed());
        if (!Files.exists(set.resolve("manifest.json"))) {
            deleteTree(set);
            PhantomGenerator.generate(PhantomOptions.of(options.patients(), options.seed(), set));
        }
        return set;
    }

    private Config serviceConfig(Path run, Path model, int dicomPort, OrthancPacs pacs) {
        Map<String, String> c = new HashMap<>();
        c.put("inference.model.dir", model.toString());
        c.put("listener.port", Integer.toString(dicomPort));
        c.put("listener.settle", "1s");
        c.put("listener.host", "127.0.0.1");
        c.put("listener.allowedCallingAes", pacs.aeTitle() + "@127.0.0.1"); // the demo's Orthanc, from loopback only
        c.put("listener.spool.dir", run.resolve("spool").toString());
        c.put("reporting.outbox.dir", run.resolve("outbox").toString());
        c.put("reporting.pacs[0].ae", pacs.aeTitle());
        c.put("reporting.pacs[0].host", "127.0.0.1");
        c.put("reporting.pacs[0].port", Integer.toString(pacs.dicomPort()));
        c.put("store.dir", run.resolve("store").toString());
        c.put("http.port", Integer.toString(OrthancPacs.freePort()));
        c.put("http.host", "127.0.0.1");
        c.put("http.token", TOKEN);
        return Config.of(c);
    }

    private Void upload(OrthancPacs pacs, DemoStudies studies) throws IOException {
        for (DemoStudies.Study study : studies.studies()) {
            for (Path file : study.files()) {
                pacs.upload(file);
            }
        }
        out.printf("  %d instances of %d studies stored in the PACS%n", studies.fileCount(), studies.studies().size());
        return null;
    }

    private Map<String, Long> send(OrthancPacs pacs, DemoStudies studies) {
        Map<String, Long> sentAt = new LinkedHashMap<>();
        for (DemoStudies.Study study : studies.studies()) {
            sentAt.put(study.studyInstanceUid(), System.nanoTime());
            pacs.sendStudy("GBSCAN", study.studyInstanceUid());
        }
        return sentAt;
    }

    /** A study is back with its SR and a CAM SC, or with its SR alone when its FHIR report says not assessable. */
    private Map<String, Double> awaitResults(OrthancPacs pacs, FhirQuery fhir, DemoStudies studies, Map<String, Long> sentAt)
            throws Exception {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (seconds.size() < studies.studies().size()) {
            for (DemoStudies.Study study : studies.studies()) {
                String uid = study.studyInstanceUid();
                if (!seconds.containsKey(uid)) {
                    List<OrthancPacs.Series> series = pacs.series(uid);
                    if (hasModality(series, "SR") && (count(series, "OT") > 0
                            || fhir.reportForStudy(uid).filter(r -> !r.assessable()).isPresent())) {
                        seconds.put(uid, (System.nanoTime() - sentAt.get(uid)) / 1e9);
                        out.printf("  %d/%d studies have their results back%n", seconds.size(), studies.studies().size());
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                out.printf("  timed out after %s: %d of %d studies have results%n", options.timeout(), seconds.size(),
                        studies.studies().size());
                break;
            }
            Thread.sleep(200);
        }
        return seconds;
    }

    private static List<Path> savePreviews(OrthancPacs pacs, DemoStudies.Study study, List<OrthancPacs.Series> series,
                                           Path dir) throws IOException {
        List<Path> pngs = new ArrayList<>();
        int n = 0;
        for (OrthancPacs.Series s : series) {
            if (s.modality().equals("OT")) {
                for (String instance : s.instanceIds()) {
                    Path png = dir.resolve(study.tag() + "-cam" + (++n) + ".png");
                    Files.createDirectories(dir);
                    Files.write(png, pacs.previewPng(instance));
                    pngs.add(png);
                }
            }
        }
        return pngs;
    }

    private static boolean hasModality(List<OrthancPacs.Series> series, String modality) {
        return series.stream().anyMatch(s -> s.modality().equals(modality));
    }

    private static int count(List<OrthancPacs.Series> series, String modality) {
        return series.stream().filter(s -> s.modality().equals(modality)).mapToInt(s -> s.instanceIds().size()).sum();
    }

    @FunctionalInterface
    private interface Work<T> {
        T get() throws Exception;
    }

    private <T> T step(String name, Work<T> work) throws Exception {
        long start = System.nanoTime();
        out.printf("[demo] %s ...%n", name);
        T result = work.get();
        out.printf("[demo] %s: done in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        return result;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
