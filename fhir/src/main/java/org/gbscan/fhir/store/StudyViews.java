package org.gbscan.fhir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gbscan.core.Label;
import org.gbscan.core.Refusal;

/** The viewer's queries: recent studies, one study's frames, one CAM thumbnail. */
final class StudyViews {
    private static final String SUMMARY = "SELECT i.id, i.study_date, i.patient_mask, i.ba_probability, i.label,"
            + " i.threshold, i.model_name, i.model_version, i.issued, i.frame_count,"
            + " (SELECT COUNT(*) FROM report_frame f WHERE f.report_id = i.id AND f.cam_png IS NOT NULL),"
            + " i.observation_id, i.device_id, i.refusal_reason, i.refusal_detail FROM report_index i";

    List<StudySummary> recent(Connection c, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        List<StudySummary> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(SUMMARY + " ORDER BY i.issued DESC, i.id ASC LIMIT ?")) {
            p.setInt(1, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(summary(rs));
                }
            }
        }
        return out;
    }

    Optional<StudyDetail> detail(Connection c, String id) throws SQLException {
        StudySummary summary;
        String observationId;
        String deviceId;
        try (PreparedStatement p = c.prepareStatement(SUMMARY + " WHERE i.id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                summary = summary(rs);
                observationId = rs.getString(12);
                deviceId = rs.getString(13);
            }
        }
        List<FrameView> frames = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT frame_key, position, sop_instance_uid, frame_index,"
                + " ba_probability, cam_png IS NOT NULL FROM report_frame WHERE report_id = ? ORDER BY position")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    frames.add(new FrameView(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getInt(4),
                            rs.getDouble(5), rs.getBoolean(6)));
                }
            }
        }
        return Optional.of(new StudyDetail(summary, frames, id, observationId, deviceId));
    }

    Optional<byte[]> camPng(Connection c, String id, String frameKey) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT cam_png FROM report_frame WHERE report_id = ? AND frame_key = ? AND cam_png IS NOT NULL")) {
            p.setString(1, id);
            p.setString(2, frameKey);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    private static StudySummary summary(ResultSet rs) throws SQLException {
        String reason = rs.getString(14);
        Refusal refusal = reason == null ? null : new Refusal(Refusal.Reason.valueOf(reason), rs.getString(15));
        // a study that was not assessable has NULL probability and label: NaN and null, as in StudyResult
        double probability = refusal == null ? rs.getDouble(4) : Double.NaN;
        Label label = refusal == null ? Label.valueOf(rs.getString(5)) : null;
        return new StudySummary(rs.getString(1), rs.getString(2), rs.getString(3), probability, label,
                rs.getDouble(6), rs.getString(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                rs.getInt(10), rs.getInt(11), refusal);
    }
}
