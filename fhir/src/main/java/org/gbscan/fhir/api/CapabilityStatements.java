package org.gbscan.fhir.api;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;

/** What {@code GET /fhir/metadata} answers: the read/search interactions and parameters this server has. */
final class CapabilityStatements {
    private CapabilityStatements() {
    }

    /**
     * @param authMode none, token or jwt: only jwt is OAuth and is advertised as such (with SMART scopes);
     *                 a static token is described as what it is
     */
    static CapabilityStatement build(String baseUrl, String authMode, String accessDescription, Date started) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDate(started);
        cs.setPublisher("gbscan");
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.getSoftware().setName("gbscan").setVersion(version());
        cs.getImplementation().setDescription("gbscan AI results (biliary atresia scoring of gallbladder ultrasound)")
                .setUrl(baseUrl);
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.addFormat("application/fhir+json").addFormat("application/fhir+xml").addFormat("json").addFormat("xml");
        CapabilityStatementRestComponent rest = cs.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setCors(false).setDescription(accessDescription);
        if (authMode.equals("jwt")) {
            rest.getSecurity().addService(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR"))
                    .setText("OAuth 2.0 bearer access tokens (JWT, RS256/ES256) with SMART system scopes"));
        }
        addSearchable(rest, SearchDefinition.DIAGNOSTIC_REPORT, "http://hl7.org/fhir/StructureDefinition/DiagnosticReport");
        addSearchable(rest, SearchDefinition.OBSERVATION, "http://hl7.org/fhir/StructureDefinition/Observation");
        CapabilityStatementRestResourceComponent audit = rest.addResource().setType("AuditEvent")
                .setProfile("http://hl7.org/fhir/StructureDefinition/AuditEvent");
        audit.addInteraction().setCode(TypeRestfulInteraction.READ);
        audit.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        audit.addSearchParam().setName("_count").setType(Enumerations.SearchParamType.NUMBER)
                .setDocumentation("newest first; needs scope system/AuditEvent.read");
        for (String type : List.of("Device", "Patient", "ImagingStudy")) {
            rest.addResource().setType(type).setProfile("http://hl7.org/fhir/StructureDefinition/" + type)
                    .addInteraction().setCode(TypeRestfulInteraction.READ);
        }
        return cs;
    }

    private static void addSearchable(CapabilityStatementRestComponent rest, SearchDefinition definition, String profile) {
        CapabilityStatementRestResourceComponent resource = rest.addResource().setType(definition.resourceType())
                .setProfileElement(new CanonicalType(profile));
        resource.addInteraction().setCode(TypeRestfulInteraction.READ);
        resource.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        for (SearchDefinition.Param p : definition.params()) {
            if (p.name().contains(":")) {
                continue; // modifiers are not separate parameters; documented on the base parameter
            }
            resource.addSearchParam().setName(p.name()).setType(p.type()).setDocumentation(documentation(definition, p));
        }
    }

    private static String documentation(SearchDefinition definition, SearchDefinition.Param p) {
        boolean hasIdentifierModifier = definition.params().stream().anyMatch(o -> o.name().equals(p.name() + ":identifier"));
        return p.doc() + (hasIdentifierModifier ? "; also " + p.name() + ":identifier=system|value" : "");
    }

    private static String version() {
        String v = CapabilityStatements.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
