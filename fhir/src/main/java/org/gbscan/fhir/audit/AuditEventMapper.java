package org.gbscan.fhir.audit;

import java.util.Date;
import org.gbscan.core.audit.AuditKind;
import org.gbscan.core.audit.AuditRecord;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * An {@link AuditRecord} as a FHIR R4 AuditEvent in the manner of IHE BALP: type and subtype, action,
 * recorded, outcome, the requesting agent (user, client or AE, with its network address), gbscan as the
 * observer, and the entity touched by reference or query, never its content.
 */
final class AuditEventMapper {
    private static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String SECURITY_SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

    private final String site;

    AuditEventMapper(String site) {
        this.site = site;
    }

    AuditEvent map(AuditRecord r, String id) {
        AuditKind k = r.kind();
        AuditEvent e = new AuditEvent();
        e.setId(id);
        e.setType(new Coding(k.typeSystem, k.typeCode, k.typeDisplay));
        if (!k.subtype.isEmpty()) {
            e.addSubtype(new Coding(RESTFUL_INTERACTION, k.subtype, k.subtype));
        }
        e.setAction(AuditEvent.AuditEventAction.fromCode(k.action));
        e.setRecorded(Date.from(r.when()));
        // 0 success; 4 minor failure: the request was refused or failed, the system is fine
        e.setOutcome(r.success() ? AuditEventOutcome._0 : AuditEventOutcome._4);
        if (!r.detail().isEmpty()) {
            e.setOutcomeDesc(r.detail());
        }
        AuditEventAgentComponent requester = e.addAgent().setRequestor(true)
                .setType(new CodeableConcept(new Coding(PARTICIPATION_TYPE, "IRCP", "information recipient")))
                .setWho(new Reference().setDisplay(r.who().isEmpty() ? "unknown" : r.who()));
        if (k == AuditKind.DICOM_EXPORT) {
            // an export: gbscan requests, the PACS receives
            requester.setWho(new Reference().setDisplay("gbscan " + r.who()));
        }
        if (!r.source().isEmpty()) {
            requester.getNetwork().setAddress(r.source()).setType(r.source().matches("[0-9.:a-fA-F\\[\\]]+")
                    ? AuditEventAgentNetworkType._2 : AuditEventAgentNetworkType._1);
        }
        e.getSource().setSite(site).setObserver(new Reference().setDisplay("gbscan"))
                .addType(new Coding(SECURITY_SOURCE_TYPE, "4", "Application Server"));
        if (!r.entity().isEmpty()) {
            e.addEntity().setWhat(new Reference().setDisplay(r.entity()));
        }
        return e;
    }
}
