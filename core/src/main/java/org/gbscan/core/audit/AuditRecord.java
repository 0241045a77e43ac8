package org.gbscan.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One security-relevant event, in the shape of an IHE BALP / FHIR AuditEvent but free of FHIR types: who
 * did what to which object, when, from where, and whether it worked. Never image data, never a patient
 * name: {@code entity} is a reference or identifier (a resource path, a Study Instance UID, a query).
 *
 * @param who     the user, client id or calling AE title ("" when unknown)
 * @param source  network address of the requester, or of the destination for an export ("" when none)
 * @param entity  what was touched: "DiagnosticReport?status=final", "study 1.2.3...", "association"
 * @param detail  a short outcome description safe for an audit reader (refusal reason, HTTP status)
 */
public record AuditRecord(Instant when, AuditKind kind, boolean success, String who, String source, String entity,
                          String detail) {
    public AuditRecord {
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(kind, "kind");
        who = Objects.requireNonNullElse(who, "");
        source = Objects.requireNonNullElse(source, "");
        entity = Objects.requireNonNullElse(entity, "");
        detail = Objects.requireNonNullElse(detail, "");
    }

    public static AuditRecord now(AuditKind kind, boolean success, String who, String source, String entity, String detail) {
        return new AuditRecord(Instant.now(), kind, success, who, source, entity, detail);
    }
}
