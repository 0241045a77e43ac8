package org.gbscan.fhir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.gbscan.core.dicom.sr.EvidenceRef;

/** The {@code result_revision} table: which SR each scoring revision of a study produced. */
final class RevisionRows {
    private RevisionRows() {
    }

    /** Replaces the row of this revision: a retried revision writes the same SR again. */
    static void record(Connection c, String studyUid, RevisionSr sr) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM result_revision WHERE study_uid = ? AND revision = ?")) {
            delete.setString(1, studyUid);
            delete.setInt(2, sr.revision());
            delete.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO result_revision (study_uid, revision, sr_series_uid,"
                + " sr_sop_class_uid, sr_sop_uid) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, studyUid);
            insert.setInt(2, sr.revision());
            insert.setString(3, sr.sr().seriesInstanceUid());
            insert.setString(4, sr.sr().sopClassUid());
            insert.setString(5, sr.sr().sopInstanceUid());
            insert.executeUpdate();
        }
    }

    /** The SR this revision produced, if its results are stored. */
    static Optional<EvidenceRef> of(Connection c, String studyUid, int revision) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT sr_series_uid, sr_sop_class_uid, sr_sop_uid FROM result_revision"
                + " WHERE study_uid = ? AND revision = ?")) {
            p.setString(1, studyUid);
            p.setInt(2, revision);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next()
                        ? Optional.of(new EvidenceRef(studyUid, rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    static Optional<EvidenceRef> latestBefore(Connection c, String studyUid, int revision) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT sr_series_uid, sr_sop_class_uid, sr_sop_uid FROM result_revision"
                + " WHERE study_uid = ? AND revision < ? ORDER BY revision DESC FETCH FIRST 1 ROWS ONLY")) {
            p.setString(1, studyUid);
            p.setInt(2, revision);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next()
                        ? Optional.of(new EvidenceRef(studyUid, rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }
}
