-- Audit trail (IHE BALP style FHIR AuditEvent resources): who read, searched, uploaded, associated or
-- exported what, when, with which outcome. Append-only; newest first for GET /fhir/AuditEvent.
-- Numbered 3_1 so it orders after any V3 another change adds, without clashing with it.
CREATE TABLE audit_event (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    recorded       TIMESTAMP WITH TIME ZONE NOT NULL,
    kind           VARCHAR(32)  NOT NULL,
    success        BOOLEAN      NOT NULL,
    resource_json  TEXT         NOT NULL
);
CREATE INDEX audit_event_recorded ON audit_event (recorded);
