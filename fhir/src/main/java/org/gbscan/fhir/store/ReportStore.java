package org.gbscan.fhir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.gbscan.core.dicom.sr.EvidenceRef;
import org.gbscan.fhir.Fhir;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.fhir.mapping.MappedReport;
import org.gbscan.fhir.mapping.StudyResultMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report store: FHIR resources of every scored study (as HAPI JSON) with search indexes, per-frame
 * scores and CAM thumbnails, in H2 or PostgreSQL. Every method blocks on JDBC: call it from a worker
 * thread, never from an event loop. Thread-safe.
 */
public final class ReportStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);
    private static final Set<String> READABLE = Set.of("DiagnosticReport", "Observation", "Device", "Patient", "ImagingStudy");
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;
    private final StudyResultMapper mapper;
    private final ReportWriter writer;
    private final StudyViews views;

    private ReportStore(Database db, FhirSettings settings) {
        this.db = db;
        this.mapper = new StudyResultMapper(settings.zone(), settings.patientIdSystem());
        this.writer = new ReportWriter(Fhir.context());
        this.views = new StudyViews();
    }

    /** Connects (pool of {@code store.poolSize}) and migrates the schema to the current version. */
    public static ReportStore open(FhirSettings settings) throws ReportStoreException {
        return new ReportStore(Database.open(settings), settings);
    }

    /** The resource types that {@link #read} serves. */
    public static Set<String> readableTypes() {
        return READABLE;
    }

    /**
     * Stores (or replaces) the FHIR report of a study result, with its frames' scores and the CAM
     * thumbnails given, keyed by core {@code Frame.key()}. Idempotent: the same study and model give
     * the same ids, so a retry replaces the earlier report. Returns the report id.
     */
    public String save(StudyResult result, Map<String, byte[]> camPngsByFrameKey) throws ReportStoreException {
        return save(result, camPngsByFrameKey, null);
    }

    /**
     * As {@link #save(StudyResult, Map)}, and records in the same transaction which SR this revision of the
     * study's results produced, for {@link #srBefore}. The report itself is replaced in place: same id,
     * next meta.versionId. A revision whose results are already stored with this same SR (scored again after a
     * crash, or delivered twice by a broker) is left as it is: one revision, one report version.
     *
     * @param sr the revision's SR, or null when no DICOM result was written
     */
    public String save(StudyResult result, Map<String, byte[]> camPngsByFrameKey, RevisionSr sr) throws ReportStoreException {
        MappedReport mapped = mapper.map(result);
        String reportId = mapped.report().getIdElement().getIdPart();
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.connection()) {
                c.setAutoCommit(false);
                try {
                    if (otherPatient(c, result.study())) {
                        c.rollback();
                        throw new StudyPatientConflictException(result.study().logTag());
                    }
                    if (sr != null && RevisionRows.of(c, result.study().studyInstanceUid(), sr.revision())
                            .filter(stored -> stored.equals(sr.sr())).isPresent()) {
                        c.rollback();
                        LOG.info("report {} for study {} revision {} is already stored; left as it is", reportId,
                                result.study().logTag(), sr.revision());
                        return reportId;
                    }
                    writer.write(c, result, mapped, Map.copyOf(camPngsByFrameKey));
                    if (sr != null) {
                        RevisionRows.record(c, result.study().studyInstanceUid(), sr);
                    }
                    c.commit();
                    db.sync(c); // durable before the caller marks the study done in the spool
                    LOG.info("stored report {} for study {} ({} frames, {} CAM thumbnails)", reportId,
                            result.study().logTag(), result.frames().size(), camPngsByFrameKey.size());
                    return reportId;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                // Two writers of the same new resource: the loser's INSERT fails; its retry sees the row and updates.
                if (attempt < 3 && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    continue;
                }
                throw new ReportStoreException("cannot store the report of study " + result.study().logTag()
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Fails when a report of this study is already stored for another Patient ID: call it before sending
     * results anywhere, so a re-scored study never moves to another patient ({@link #save} checks again).
     */
    public void requireSamePatient(StudyRef study) throws ReportStoreException {
        try (Connection c = db.connection()) {
            if (otherPatient(c, study)) {
                throw new StudyPatientConflictException(study.logTag());
            }
        } catch (SQLException e) {
            throw new ReportStoreException("cannot check the patient of study " + study.logTag() + ": " + e.getMessage(), e);
        }
    }

    private static boolean otherPatient(Connection c, StudyRef study) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT patient_ident_value FROM report_index WHERE study_uid = ?")) {
            p.setString(1, study.studyInstanceUid());
            String expected = study.patient().id().isBlank() ? "" : study.patient().id(); // as the mapper indexes it
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(expected)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Appends one AuditEvent (its JSON as HAPI wrote it); audit records are never updated. */
    public void saveAuditEvent(String id, Instant recorded, String kind, boolean success, String json) throws ReportStoreException {
        try (Connection c = db.connection()) {
            AuditEvents.insert(c, id, recorded, kind, success, json);
        } catch (SQLException e) {
            throw new ReportStoreException("cannot store an audit event: " + e.getMessage(), e);
        }
    }

    /** The newest AuditEvents, newest first, as JSON. */
    public List<String> recentAuditEvents(int count) throws ReportStoreException {
        try (Connection c = db.connection()) {
            return AuditEvents.newest(c, count);
        } catch (SQLException e) {
            throw new ReportStoreException("cannot read audit events: " + e.getMessage(), e);
        }
    }

    public Optional<String> auditEvent(String id) throws ReportStoreException {
        try (Connection c = db.connection()) {
            return AuditEvents.byId(c, id);
        } catch (SQLException e) {
            throw new ReportStoreException("cannot read audit event " + id + ": " + e.getMessage(), e);
        }
    }

    public long auditEventCount() throws ReportStoreException {
        try (Connection c = db.connection()) {
            return AuditEvents.count(c);
        } catch (SQLException e) {
            throw new ReportStoreException("cannot count audit events: " + e.getMessage(), e);
        }
    }

    /** The SR of the latest revision of the study before the given one, if one was recorded. */
    public Optional<EvidenceRef> srBefore(String studyInstanceUid, int revision) throws ReportStoreException {
        try (Connection c = db.connection()) {
            return RevisionRows.latestBefore(c, studyInstanceUid, revision);
        } catch (SQLException e) {
            throw new ReportStoreException("cannot read the earlier results of a study: " + e.getMessage(), e);
        }
    }

    /** One resource by type and id, or empty when there is none. */
    public Optional<StoredResource> read(String resourceType, String id) throws ReportStoreException {
        if (!READABLE.contains(resourceType)) {
            return Optional.empty();
        }
        try (Connection c = db.connection();
             PreparedStatement p = c.prepareStatement("SELECT resource_type, id, version_id, last_updated, resource_json"
                     + " FROM fhir_resource WHERE resource_type = ? AND id = ?")) {
            p.setString(1, resourceType);
            p.setString(2, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(resource(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ReportStoreException("cannot read " + resourceType + "/" + id + ": " + e.getMessage(), e);
        }
    }

    /** DiagnosticReport or Observation search; other types cannot be searched. */
    public SearchPage search(SearchQuery query) throws ReportStoreException {
        SearchSql.Index index = switch (query.resourceType()) {
            case "DiagnosticReport" -> SearchSql.DIAGNOSTIC_REPORT;
            case "Observation" -> SearchSql.OBSERVATION;
            default -> throw new IllegalArgumentException(query.resourceType() + " cannot be searched");
        };
        SearchSql sql = new SearchSql(index, query);
        try (Connection c = db.connection()) {
            int total;
            try (PreparedStatement p = prepare(c, sql.countSql(), sql.params()); ResultSet rs = p.executeQuery()) {
                rs.next();
                total = rs.getInt(1);
            }
            List<String> ids = new ArrayList<>();
            if (query.count() > 0 && query.offset() < total) {
                List<Object> params = new ArrayList<>(sql.params());
                params.add(query.count());
                params.add(query.offset());
                try (PreparedStatement p = prepare(c, sql.pageIdsSql(query.sort()), params); ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return new SearchPage(resources(c, query.resourceType(), ids), total);
        } catch (SQLException e) {
            throw new ReportStoreException("cannot search " + query.resourceType() + ": " + e.getMessage(), e);
        }
    }

    /** The most recently issued studies first, for the web viewer. */
    public List<StudySummary> recentStudies(int limit) throws ReportStoreException {
        try (Connection c = db.connection()) {
            return views.recent(c, limit);
        } catch (SQLException e) {
            throw new ReportStoreException("cannot list recent studies: " + e.getMessage(), e);
        }
    }

    /** A stored study by its report id, with its frames ranked by BA probability. */
    public Optional<StudyDetail> study(String id) throws ReportStoreException {
        try (Connection c = db.connection()) {
            return views.detail(c, id);
        } catch (SQLException e) {
            throw new ReportStoreException("cannot read study " + id + ": " + e.getMessage(), e);
        }
    }

    /** The CAM thumbnail PNG of one frame of a stored study, if one was saved. */
    public Optional<byte[]> camPng(String studyId, String frameKey) throws ReportStoreException {
        try (Connection c = db.connection()) {
            return views.camPng(c, studyId, frameKey);
        } catch (SQLException e) {
            throw new ReportStoreException("cannot read a CAM thumbnail of study " + studyId + ": " + e.getMessage(), e);
        }
    }

    /** Whether the database answers within the timeout; the message says why not. */
    public Optional<String> problem(int timeoutSeconds) {
        try (Connection c = db.connection()) {
            return c.isValid(timeoutSeconds) ? Optional.empty() : Optional.of("database connection is not valid");
        } catch (SQLException e) {
            return Optional.of("database unreachable: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        db.close();
    }

    /** The resources with these ids, in the order of the ids. */
    private static List<StoredResource> resources(Connection c, String type, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(type);
        params.addAll(ids);
        Map<String, StoredResource> byId = new java.util.HashMap<>();
        try (PreparedStatement p = prepare(c, SearchSql.resourcesSql(ids.size()), params); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                StoredResource r = resource(rs);
                byId.put(r.id(), r);
            }
        }
        // An index row without its resource cannot happen: both are written in one transaction.
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement p = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            p.setObject(i + 1, params.get(i));
        }
        return p;
    }

    private static StoredResource resource(ResultSet rs) throws SQLException {
        return new StoredResource(rs.getString(1), rs.getString(2), rs.getInt(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5));
    }
}
