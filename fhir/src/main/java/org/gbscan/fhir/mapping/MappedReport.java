package org.gbscan.fhir.mapping;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/** The FHIR resources of one study result; stays inside the fhir module (HAPI types). */
public record MappedReport(Patient patient, ImagingStudy imagingStudy, Device device,
                           Observation observation, DiagnosticReport report) {
    public MappedReport {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(imagingStudy, "imagingStudy");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(report, "report");
    }

    /** In the order a store should write them: referenced resources first. */
    public List<Resource> all() {
        return List.of(patient, imagingStudy, device, observation, report);
    }
}
