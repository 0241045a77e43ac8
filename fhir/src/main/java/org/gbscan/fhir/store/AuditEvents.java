package org.gbscan.fhir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of the append-only audit_event table (migration V3_1). */
final class AuditEvents {
    private AuditEvents() {
    }

    static void insert(Connection c, String id, Instant recorded, String kind, boolean success, String json) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO audit_event (id, recorded, kind, success, resource_json) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setObject(2, recorded.atOffset(ZoneOffset.UTC));
            p.setString(3, kind);
            p.setBoolean(4, success);
            p.setString(5, json);
            p.executeUpdate();
        }
    }

    static List<String> newest(Connection c, int count) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT resource_json FROM audit_event ORDER BY recorded DESC, id DESC FETCH FIRST ? ROWS ONLY")) {
            p.setInt(1, count);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static Optional<String> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT resource_json FROM audit_event WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static long count(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM audit_event"); ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
