package org.gbscan.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.phantom.pacs.OrthancPacs;
import org.gbscan.phantom.pacs.StoreScpPacs;

/** The PACS gbscan sends its results to in the benchmark, and how the driver sees an SR arrive there. */
interface BenchPacs extends AutoCloseable {
    String name();

    String aeTitle();

    int dicomPort();

    /** Study Instance UIDs whose SR arrived since the last call (polled by the driver every few ms). */
    List<String> newSrStudies() throws Exception;

    @Override
    void close();

    static BenchPacs start(String kind, Path home) throws IOException {
        return switch (kind) {
            case "orthanc" -> new Orthanc(new OrthancPacs(home, "ORTHANC", Map.of()).start());
            case "storescp" -> new StoreScp(new StoreScpPacs(home, "STORESCP").start());
            default -> throw new IllegalArgumentException("PACS must be orthanc or storescp, got " + kind);
        };
    }

    /** Orthanc 1.10: new SR series read from its change feed over REST. */
    final class Orthanc implements BenchPacs {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final OrthancPacs pacs;
        private final HttpClient http = HttpClient.newHttpClient();
        private long cursor;

        Orthanc(OrthancPacs pacs) throws IOException {
            this.pacs = pacs;
            this.cursor = get("/changes?last").path("Last").asLong();
        }

        @Override
        public String name() {
            return "Orthanc 1.10";
        }

        @Override
        public String aeTitle() {
            return pacs.aeTitle();
        }

        @Override
        public int dicomPort() {
            return pacs.dicomPort();
        }

        @Override
        public List<String> newSrStudies() throws IOException {
            List<String> uids = new ArrayList<>();
            JsonNode changes = get("/changes?since=" + cursor + "&limit=1000");
            for (JsonNode change : changes.path("Changes")) {
                if (change.path("ChangeType").asText().equals("NewSeries")) {
                    JsonNode series = get("/series/" + change.path("ID").asText());
                    if (series.path("MainDicomTags").path("Modality").asText().equals("SR")) {
                        uids.add(get("/studies/" + series.path("ParentStudy").asText()).path("MainDicomTags")
                                .path("StudyInstanceUID").asText());
                    }
                }
            }
            cursor = changes.path("Last").asLong(cursor);
            return uids;
        }

        private JsonNode get(String path) throws IOException {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pacs.httpPort() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return JSON.readTree(r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void close() {
            pacs.close();
        }
    }

    /** DCMTK storescp: new SR files in its folder ({@code SRc.*} for Comprehensive SR), read once complete. */
    final class StoreScp implements BenchPacs {
        private final StoreScpPacs pacs;
        private final Set<Path> seen = new HashSet<>();

        StoreScp(StoreScpPacs pacs) {
            this.pacs = pacs;
        }

        @Override
        public String name() {
            return "DCMTK storescp";
        }

        @Override
        public String aeTitle() {
            return pacs.aeTitle();
        }

        @Override
        public int dicomPort() {
            return pacs.dicomPort();
        }

        @Override
        public List<String> newSrStudies() {
            List<String> uids = new ArrayList<>();
            for (Path f : pacs.files()) {
                if (!seen.contains(f) && f.getFileName().toString().startsWith("SR")) {
                    try {
                        uids.add(DicomFiles.readRef(f).study().studyInstanceUid());
                        seen.add(f);
                    } catch (BadDicomException | RuntimeException stillBeingWritten) {
                        // read again at the next poll
                    }
                }
            }
            return uids;
        }

        @Override
        public void close() {
            pacs.close();
        }
    }
}
