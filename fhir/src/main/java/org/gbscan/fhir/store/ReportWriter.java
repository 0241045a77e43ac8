package org.gbscan.fhir.store;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.gbscan.core.FrameScore;
import org.gbscan.core.StudyResult;
import org.gbscan.fhir.mapping.MappedReport;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

/**
 * Writes one study's resources and index rows in one transaction. Upsert by id: a resource whose
 * content changed is replaced and its version goes up by one, an unchanged one is left as it is; the
 * index and frame rows of the report are rewritten.
 */
final class ReportWriter {
    /** Widest stored effective range (a day, 25 h on a DST change, with margin); date search relies on it. */
    static final Duration MAX_EFFECTIVE_WIDTH = Duration.ofHours(26);
    private final FhirContext fhir;

    ReportWriter(FhirContext fhir) {
        this.fhir = fhir;
    }

    void write(Connection c, StudyResult result, MappedReport mapped, Map<String, byte[]> camPngs) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant reportUpdated = now;
        Instant observationUpdated = now;
        for (Resource resource : mapped.all()) {
            Instant updated = upsertResource(c, resource, now);
            if (resource == mapped.report()) {
                reportUpdated = updated;
            } else if (resource == mapped.observation()) {
                observationUpdated = updated;
            }
        }
        DiagnosticReport report = mapped.report();
        String reportId = report.getIdElement().getIdPart();
        deleteWhere(c, "DELETE FROM report_index WHERE id = ?", reportId);
        deleteWhere(c, "DELETE FROM observation_index WHERE report_id = ?", reportId);
        deleteWhere(c, "DELETE FROM report_frame WHERE report_id = ?", reportId);
        insertReportIndex(c, result, mapped, reportUpdated);
        insertObservationIndex(c, mapped, observationUpdated);
        insertFrames(c, reportId, result.topFrames(result.frames().size()), camPngs); // scored frames only
    }

    /**
     * Inserts or replaces one resource. Content equal to what is stored (meta aside) is left alone, so a
     * shared Device or Patient does not gain a version with every report. Returns its lastUpdated.
     */
    private Instant upsertResource(Connection c, Resource resource, Instant now) throws SQLException {
        String type = resource.fhirType();
        String id = resource.getIdElement().getIdPart();
        resource.setMeta(null);
        String hash = sha256(fhir.newJsonParser().encodeResourceToString(resource));
        int version = 1;
        try (PreparedStatement select = c.prepareStatement("SELECT version_id, content_hash, last_updated"
                + " FROM fhir_resource WHERE resource_type = ? AND id = ? FOR UPDATE")) {
            select.setString(1, type);
            select.setString(2, id);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    if (hash.equals(rs.getString(2))) {
                        return rs.getObject(3, OffsetDateTime.class).toInstant();
                    }
                    version = rs.getInt(1) + 1;
                }
            }
        }
        resource.getMeta().setVersionId(Integer.toString(version)).setLastUpdated(Date.from(now));
        String json = fhir.newJsonParser().encodeResourceToString(resource);
        String sql = version == 1
                ? "INSERT INTO fhir_resource (version_id, last_updated, content_hash, resource_json, resource_type, id)"
                        + " VALUES (?, ?, ?, ?, ?, ?)"
                : "UPDATE fhir_resource SET version_id = ?, last_updated = ?, content_hash = ?, resource_json = ?"
                        + " WHERE resource_type = ? AND id = ?";
        try (PreparedStatement write = c.prepareStatement(sql)) {
            write.setInt(1, version);
            write.setObject(2, utc(now));
            write.setString(3, hash);
            write.setString(4, json);
            write.setString(5, type);
            write.setString(6, id);
            write.executeUpdate();
        }
        return now;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static void insertReportIndex(Connection c, StudyResult result, MappedReport m, Instant updated)
            throws SQLException {
        DiagnosticReport r = m.report();
        Identifier ident = r.getIdentifierFirstRep();
        Identifier patientIdent = m.patient().getIdentifier().isEmpty() ? null : m.patient().getIdentifierFirstRep();
        Coding code = r.getCode().getCodingFirstRep();
        Coding conclusion = r.getConclusionCodeFirstRep().getCodingFirstRep();
        DateTimeType effective = r.hasEffectiveDateTimeType() ? r.getEffectiveDateTimeType() : null;
        String sql = "INSERT INTO report_index (id, patient_id, patient_ident_system, patient_ident_value, patient_mask,"
                + " study_uid, ident_system, ident_value, imaging_study_id, observation_id, device_id, status,"
                + " code_system, code, conclusion_system, conclusion_code, effective_low, effective_high, study_date,"
                + " issued, last_updated, ba_probability, label, threshold, model_name, model_version, frame_count,"
                + " refusal_reason, refusal_detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setString(i++, r.getIdElement().getIdPart());
            p.setString(i++, m.patient().getIdElement().getIdPart());
            p.setString(i++, patientIdent == null ? "" : patientIdent.getSystem());
            p.setString(i++, patientIdent == null ? "" : patientIdent.getValue());
            p.setString(i++, mask(result.study().patient().id()));
            p.setString(i++, result.study().studyInstanceUid());
            p.setString(i++, ident.getSystem());
            p.setString(i++, ident.getValue());
            p.setString(i++, m.imagingStudy().getIdElement().getIdPart());
            p.setString(i++, m.observation().getIdElement().getIdPart());
            p.setString(i++, m.device().getIdElement().getIdPart());
            p.setString(i++, r.getStatus().toCode());
            p.setString(i++, code.getSystem());
            p.setString(i++, code.getCode());
            p.setString(i++, conclusion.getSystem());
            p.setString(i++, conclusion.getCode());
            p.setObject(i++, effective == null ? null : utc(effective.getValue().toInstant()));
            p.setObject(i++, effective == null ? null : utc(rangeEnd(effective)));
            p.setString(i++, result.study().studyDate());
            p.setObject(i++, utc(r.getIssued().toInstant()));
            p.setObject(i++, utc(updated));
            // not assessable: SQL NULL, never NaN (PostgreSQL would store NaN; H2 and readers would not agree)
            if (result.isAssessable()) {
                p.setDouble(i++, result.baProbability());
                p.setString(i++, result.label().name());
            } else {
                p.setNull(i++, Types.DOUBLE);
                p.setNull(i++, Types.VARCHAR);
            }
            p.setDouble(i++, result.model().threshold());
            p.setString(i++, result.model().name());
            p.setString(i++, result.model().version());
            p.setInt(i++, result.frames().size());
            p.setString(i++, result.isAssessable() ? null : result.refusal().reason().name());
            p.setString(i, result.isAssessable() ? null : result.refusal().detail());
            p.executeUpdate();
        }
    }

    private static void insertObservationIndex(Connection c, MappedReport m, Instant updated) throws SQLException {
        Observation o = m.observation();
        Coding code = o.getCode().getCodingFirstRep();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO observation_index (id, report_id, patient_id,"
                + " device_id, imaging_study_id, code_system, code, issued, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, o.getIdElement().getIdPart());
            p.setString(2, m.report().getIdElement().getIdPart());
            p.setString(3, m.patient().getIdElement().getIdPart());
            p.setString(4, m.device().getIdElement().getIdPart());
            p.setString(5, m.imagingStudy().getIdElement().getIdPart());
            p.setString(6, code.getSystem());
            p.setString(7, code.getCode());
            p.setObject(8, utc(o.getIssued().toInstant()));
            p.setObject(9, utc(updated));
            p.executeUpdate();
        }
    }

    private static void insertFrames(Connection c, String reportId, List<FrameScore> ranked, Map<String, byte[]> pngs)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO report_frame (report_id, frame_key, position,"
                + " sop_instance_uid, frame_index, ba_probability, cam_png) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int rank = 0; rank < ranked.size(); rank++) {
                FrameScore score = ranked.get(rank);
                p.setString(1, reportId);
                p.setString(2, score.frame().key());
                p.setInt(3, rank);
                p.setString(4, score.frame().source().sopInstanceUid());
                p.setInt(5, score.frame().index());
                p.setDouble(6, score.baProbability());
                p.setBytes(7, pngs.get(score.frame().key()));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * End of the precision range of a dateTime: a date covers its day, a time its second. DICOM study
     * dates are never coarser than a day; a coarser one would break the {@link #MAX_EFFECTIVE_WIDTH} bound.
     */
    private static Instant rangeEnd(DateTimeType t) {
        Instant start = t.getValue().toInstant();
        return switch (t.getPrecision()) {
            case YEAR, MONTH -> throw new IllegalArgumentException("effective dates coarser than a day are not indexed: "
                    + t.getValueAsString());
            case DAY -> start.atZone(t.getTimeZone().toZoneId()).plusDays(1).toInstant();
            case MINUTE -> start.plus(1, ChronoUnit.MINUTES);
            case SECOND -> start.plusSeconds(1);
            case MILLI -> start.plusMillis(1);
        };
    }

    /** All but the last three characters hidden; short ids are hidden entirely. */
    static String mask(String patientId) {
        if (patientId.isBlank()) {
            return "";
        }
        return patientId.length() <= 4 ? "****" : "****" + patientId.substring(patientId.length() - 3);
    }

    private static void deleteWhere(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, id);
            p.executeUpdate();
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
