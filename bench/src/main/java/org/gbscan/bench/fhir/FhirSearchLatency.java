package org.gbscan.bench.fhir;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.gbscan.core.Frame;
import org.gbscan.core.FrameScore;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.Patient;
import org.gbscan.core.PixelFormat;
import org.gbscan.core.SopClass;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.core.Uids;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.api.ApiServer;
import org.gbscan.fhir.mapping.ResourceIds;
import org.gbscan.fhir.store.ReportStore;
import org.gbscan.fhir.store.SearchQuery;

/**
 * FHIR search latency over HTTP with many stored reports: stores N reports (default 10,000; 5 studies
 * per patient, dates spread over two years, 3 frames each) through {@link ReportStore#save}, starts the
 * {@link ApiServer}, then times a read and six kinds of search, one client, sequentially, after a warm-up
 * of all of them.
 * Prints p50/p90/p99/max per kind and overall (HdrHistogram, microsecond resolution).
 *
 * <p>Usage: {@code FhirSearchLatency [reports=10000] [queriesPerKind=500] [jdbcUrl]}; without a JDBC URL
 * it uses an H2 file database in a temporary folder, or in {@code -Dbench.dir=<dir>}, where a later run
 * reuses the reports already stored (storing 10,000 takes minutes). Keep the app's log level at WARN for
 * {@code org.gbscan.fhir} or each stored report logs a line.
 */
public final class FhirSearchLatency {
    private static final String TOKEN = "bench-token";
    private static final ModelInfo MODEL = new ModelInfo("gbscan-bench", "1.0.0", "resnet18", 0.5);
    private static final ZoneId ZONE = ZoneId.of("UTC");
    private static final String PATIENT_SYSTEM = FhirSettings.DEFAULT_PATIENT_ID_SYSTEM;

    private FhirSearchLatency() {
    }

    public static void main(String[] args) throws Exception {
        int reports = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perKind = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        String keep = System.getProperty("bench.dir", "");
        Path dir = keep.isEmpty() ? Files.createTempDirectory("gbscan-fhir-bench") : Files.createDirectories(Path.of(keep));
        String jdbcUrl = args.length > 2 ? args[2] : FhirSettings.h2FileUrl(dir);
        FhirSettings settings = new FhirSettings(jdbcUrl, System.getProperty("bench.user", ""),
                System.getProperty("bench.password", ""), 4, "127.0.0.1", 0, true, TOKEN, 1 << 20, "", 20, 200, ZONE,
                PATIENT_SYSTEM);
        int patients = Math.max(1, reports / 5);
        List<StudyRef> studies = new ArrayList<>();
        try (ReportStore store = ReportStore.open(settings)) {
            for (int i = 0; i < reports; i++) {
                studies.add(study(i, patients));
            }
            int stored = store.search(new SearchQuery("DiagnosticReport", List.of(), List.of(), 0, 0)).total();
            if (stored >= reports) {
                System.out.printf(Locale.ROOT, "reusing %d stored reports in %s%n", stored, dir);
            } else {
                long t0 = System.nanoTime();
                for (int i = 0; i < reports; i++) {
                    store.save(result(studies.get(i), i), Map.of());
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "stored %d reports in %.1f s (%.0f reports/s) into %s%n", reports, seconds,
                        reports / seconds, jdbcUrl.startsWith("jdbc:h2:") ? "H2 file " + dir : jdbcUrl);
            }

            Vertx vertx = Vertx.vertx();
            ApiServer server = new ApiServer(vertx, settings, store, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of());
            try {
                String base = "http://127.0.0.1:" + server.start() + "/fhir";
                run(base, studies, patients, perKind);
            } finally {
                server.close();
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    private static void run(String base, List<StudyRef> studies, int patients, int perKind) throws Exception {
        Random random = new Random(42);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("read DiagnosticReport by id", i -> "/DiagnosticReport/"
                + ResourceIds.diagnosticReport(studies.get(random.nextInt(studies.size())), MODEL));
        kinds.put("DiagnosticReport?patient=", i -> "/DiagnosticReport?patient="
                + ResourceIds.patient(studies.get(random.nextInt(studies.size())), PATIENT_SYSTEM));
        kinds.put("DiagnosticReport?identifier= (study UID)", i -> "/DiagnosticReport?identifier="
                + enc("urn:dicom:uid|urn:oid:" + studies.get(random.nextInt(studies.size())).studyInstanceUid()));
        kinds.put("DiagnosticReport?date=ge..&date=lt.. (1 month, _count=20)", i -> {
            LocalDate month = LocalDate.of(2023, 1, 1).plusMonths(random.nextInt(24));
            return "/DiagnosticReport?date=ge" + month + "&date=lt" + month.plusMonths(1) + "&_count=20";
        });
        kinds.put("DiagnosticReport?status=final&code=..&_sort=-date (all match, _count=20)",
                i -> "/DiagnosticReport?status=final&code=" + enc("http://loinc.org|18748-4") + "&_sort=-date&_count=20");
        kinds.put("DiagnosticReport?subject:identifier= (DICOM Patient ID)", i -> "/DiagnosticReport?subject:identifier="
                + enc(PATIENT_SYSTEM + "|PID-" + random.nextInt(patients)));
        kinds.put("Observation?device=&_count=20 (all match)", i -> "/Observation?device=" + ResourceIds.device(MODEL) + "&_count=20");

        // Warm-up of every kind before any is measured (JIT of the search and Bundle path, connection pool,
        // statement caches): measured per kind right after its own short warm-up, the first kind paid for all.
        for (int i = 0; i < perKind; i++) {
            for (IntFunction<String> kind : kinds.values()) {
                send(http, base + kind.apply(i));
            }
        }
        Histogram all = new Histogram(60_000_000L, 3);
        System.out.printf(Locale.ROOT, "%-70s %8s %8s %8s %8s   (ms)%n", "query", "p50", "p90", "p99", "max");
        for (Map.Entry<String, IntFunction<String>> kind : kinds.entrySet()) {
            Histogram h = new Histogram(60_000_000L, 3);
            for (int i = 0; i < perKind; i++) {
                String url = base + kind.getValue().apply(i);
                long start = System.nanoTime();
                send(http, url);
                long micros = (System.nanoTime() - start) / 1000;
                h.recordValue(micros);
                all.recordValue(micros);
            }
            print(kind.getKey(), h);
        }
        print("all kinds", all);
    }

    private static void send(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + r.statusCode() + ": " + r.body());
        }
    }

    private static void print(String name, Histogram h) {
        System.out.printf(Locale.ROOT, "%-70s %8.2f %8.2f %8.2f %8.2f   (n=%d)%n", name,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, h.getTotalCount());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static StudyRef study(int i, int patients) {
        LocalDate date = LocalDate.of(2023, 1, 1).plusDays(i % 730);
        return new StudyRef(Uids.derive("bench-study", Integer.toString(i)),
                new Patient("PID-" + (i % patients), "BENCH^PATIENT", "20230101", i % 2 == 0 ? "F" : "M"),
                "A" + i, date.format(DateTimeFormatter.BASIC_ISO_DATE), "101500", Integer.toString(i), "US ABDOMEN");
    }

    private static StudyResult result(StudyRef study, int i) {
        List<InstanceRef> sources = new ArrayList<>();
        List<FrameScore> frames = new ArrayList<>();
        String series = Uids.derive("bench-series", study.studyInstanceUid());
        for (int f = 0; f < 3; f++) {
            InstanceRef instance = new InstanceRef(study, series, Uids.derive("bench-sop", study.studyInstanceUid(),
                    Integer.toString(f)), SopClass.US_IMAGE.uid(), "US", 1, f + 1);
            sources.add(instance);
            double p = ((i * 7 + f * 13) % 100) / 100.0;
            frames.add(new FrameScore(new Frame(instance, 0, 4, 4, PixelFormat.GRAY8, new byte[16]), p,
                    Label.atThreshold(p, MODEL.threshold()), null));
        }
        double mean = frames.stream().mapToDouble(FrameScore::baProbability).average().orElseThrow();
        return new StudyResult(study, sources, frames, mean, Label.atThreshold(mean, MODEL.threshold()), MODEL,
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i));
    }
}
