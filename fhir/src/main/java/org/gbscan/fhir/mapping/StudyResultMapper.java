package org.gbscan.fhir.mapping;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Label;
import org.gbscan.core.ModelInfo;
import org.gbscan.core.StudyRef;
import org.gbscan.core.StudyResult;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Maps a {@link StudyResult} to FHIR R4: a final {@code DiagnosticReport} whose result is one
 * {@code Observation} (the study-level BA probability), made by a {@code Device} (the model and its
 * version), about the {@code Patient} with the DICOM Patient ID and the {@code ImagingStudy} with the
 * Study Instance UID. The same input always gives the same resources (ids included). A study the
 * quality gate refused is a final report too, concluding "not assessable" and why; its Observation
 * has no value, only a data-absent reason.
 */
public final class StudyResultMapper {
    public static final String MANUFACTURER = "gbscan";
    private static final String DISCLAIMER = "AI-generated - not for diagnostic use.";

    private final ZoneId zone;
    private final String patientIdSystem;

    public StudyResultMapper(ZoneId zone, String patientIdSystem) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.patientIdSystem = Objects.requireNonNull(patientIdSystem, "patientIdSystem");
    }

    public MappedReport map(StudyResult result) {
        StudyRef study = result.study();
        Optional<StudyTime> when = StudyTime.of(study.studyDate(), study.studyTime(), zone);
        Patient patient = patient(study);
        ImagingStudy imaging = imagingStudy(result, patient, when);
        Device device = device(result.model());
        Observation observation = observation(result, patient, imaging, device, when);
        DiagnosticReport report = report(result, patient, imaging, observation, when);
        return new MappedReport(patient, imaging, device, observation, report);
    }

    /** A probability as a percentage with two decimals, for the human-readable texts. */
    public static BigDecimal percent(double probability) {
        return BigDecimal.valueOf(probability).multiply(BigDecimal.valueOf(100)).setScale(2, RoundingMode.HALF_UP);
    }

    public static Identifier studyUidIdentifier(String studyInstanceUid) {
        return new Identifier().setSystem(FhirCodes.DICOM_UID).setValue("urn:oid:" + studyInstanceUid);
    }

    Patient patient(StudyRef study) {
        Patient patient = new Patient();
        patient.setId(ResourceIds.patient(study, patientIdSystem));
        if (!study.patient().id().isBlank()) {
            patient.addIdentifier().setUse(Identifier.IdentifierUse.USUAL).setType(FhirCodes.medicalRecordNumber())
                    .setSystem(patientIdSystem).setValue(study.patient().id());
        }
        HumanName name = personName(study.patient().name());
        if (name != null) {
            patient.addName(name);
        }
        birthDate(study.patient().birthDate()).ifPresent(patient::setBirthDateElement);
        switch (study.patient().sex().trim()) {
            case "M" -> patient.setGender(Enumerations.AdministrativeGender.MALE);
            case "F" -> patient.setGender(Enumerations.AdministrativeGender.FEMALE);
            case "O" -> patient.setGender(Enumerations.AdministrativeGender.OTHER);
            default -> { } // DICOM sex empty or unknown: leave gender absent
        }
        return patient;
    }

    private static Optional<DateType> birthDate(String da) {
        try {
            LocalDate date = LocalDate.parse(da.trim(), DateTimeFormatter.BASIC_ISO_DATE);
            return Optional.of(new DateType(date.getYear(), date.getMonthValue() - 1, date.getDayOfMonth()));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // empty or malformed DA: no birth date rather than a wrong one
        }
    }

    /** DICOM PN "Family^Given^Middle^Prefix^Suffix" (first component group: the alphabetic name). */
    private static HumanName personName(String pn) {
        String alphabetic = pn.split("=", -1)[0].trim();
        if (alphabetic.isEmpty()) {
            return null;
        }
        String[] parts = alphabetic.split("\\^", -1);
        HumanName name = new HumanName().setUse(HumanName.NameUse.OFFICIAL);
        if (!parts[0].isBlank()) {
            name.setFamily(parts[0].trim());
        }
        for (int i = 1; i <= 2 && i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                name.addGiven(parts[i].trim());
            }
        }
        if (parts.length > 3 && !parts[3].isBlank()) {
            name.addPrefix(parts[3].trim());
        }
        if (parts.length > 4 && !parts[4].isBlank()) {
            name.addSuffix(parts[4].trim());
        }
        return name.isEmpty() ? null : name;
    }

    ImagingStudy imagingStudy(StudyResult result, Patient patient, Optional<StudyTime> when) {
        StudyRef study = result.study();
        ImagingStudy imaging = new ImagingStudy();
        imaging.setId(ResourceIds.imagingStudy(study));
        imaging.addIdentifier(studyUidIdentifier(study.studyInstanceUid()));
        if (!study.accessionNumber().isBlank()) {
            imaging.addIdentifier().setType(FhirCodes.accessionNumber()).setValue(study.accessionNumber());
        }
        imaging.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
        imaging.setSubject(reference(patient));
        when.ifPresent(t -> imaging.setStartedElement(dateTime(t)));

        Map<String, ImagingStudy.ImagingStudySeriesComponent> series = new LinkedHashMap<>();
        for (InstanceRef instance : instances(result)) {
            ImagingStudy.ImagingStudySeriesComponent s = series.computeIfAbsent(instance.seriesInstanceUid(), uid -> {
                ImagingStudy.ImagingStudySeriesComponent added = imaging.addSeries().setUid(uid)
                        .setModality(new Coding(FhirCodes.DICOM_DCM, modality(instance), null));
                if (instance.seriesNumber() >= 0) {
                    added.setNumber(instance.seriesNumber());
                }
                return added;
            });
            ImagingStudy.ImagingStudySeriesInstanceComponent i = s.addInstance().setUid(instance.sopInstanceUid())
                    .setSopClass(new Coding(FhirCodes.URI, "urn:oid:" + instance.sopClassUid(), null));
            if (instance.instanceNumber() >= 0) {
                i.setNumber(instance.instanceNumber());
            }
        }
        imaging.getSeries().forEach(s -> s.setNumberOfInstances(s.getInstance().size()));
        imaging.setNumberOfSeries(imaging.getSeries().size());
        imaging.setNumberOfInstances(imaging.getSeries().stream().mapToInt(s -> s.getInstance().size()).sum());
        imaging.getSeries().stream().map(ImagingStudy.ImagingStudySeriesComponent::getModality)
                .map(Coding::getCode).distinct()
                .forEach(code -> imaging.addModality(new Coding(FhirCodes.DICOM_DCM, code, null)));
        return imaging;
    }

    /** Sources plus any scored frame's instance not listed among them, each once, in order. */
    private static List<InstanceRef> instances(StudyResult result) {
        Map<String, InstanceRef> bySop = new LinkedHashMap<>();
        result.sources().forEach(i -> bySop.putIfAbsent(i.sopInstanceUid(), i));
        result.frames().forEach(f -> bySop.putIfAbsent(f.frame().source().sopInstanceUid(), f.frame().source()));
        return List.copyOf(bySop.values());
    }

    private static String modality(InstanceRef instance) {
        return instance.modality().isBlank() ? "OT" : instance.modality();
    }

    Device device(ModelInfo model) {
        Device device = new Device();
        device.setId(ResourceIds.device(model));
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        device.setManufacturer(MANUFACTURER);
        device.addDeviceName().setName(model.name()).setType(Device.DeviceNameType.MODELNAME);
        device.setModelNumber(model.architecture());
        device.addVersion().setValue(model.version());
        device.getType().setText("AI software: biliary atresia scoring of infant gallbladder ultrasound");
        device.addNote().setText("Operating threshold (BA probability): " + model.threshold());
        return device;
    }

    Observation observation(StudyResult result, Patient patient, ImagingStudy imaging, Device device,
                            Optional<StudyTime> when) {
        ModelInfo model = result.model();
        Observation obs = new Observation();
        obs.setId(ResourceIds.observation(result.study(), model));
        obs.setStatus(Observation.ObservationStatus.FINAL);
        obs.addCategory().addCoding(FhirCodes.imagingCategory());
        obs.setCode(FhirCodes.baProbabilityCode());
        obs.setSubject(reference(patient));
        when.ifPresent(t -> obs.setEffective(dateTime(t)));
        obs.setIssued(Date.from(result.scoredAt()));
        if (result.isAssessable()) {
            // The probability itself (UCUM "1", a unitless fraction), unrounded: it must equal the SR's value.
            obs.setValue(new Quantity().setValue(BigDecimal.valueOf(result.baProbability())).setUnit("probability")
                    .setSystem(FhirCodes.UCUM).setCode("1"));
            obs.addInterpretation(result.label() == Label.BA ? FhirCodes.positive() : FhirCodes.negative());
        } else {
            obs.setDataAbsentReason(FhirCodes.probabilityAbsent(result.refusal()));
            obs.addInterpretation(FhirCodes.indeterminate());
        }
        obs.addDerivedFrom(reference(imaging));
        obs.setDevice(reference(device));
        obs.getMethod().setText(method(result));
        obs.addNote().setText(DISCLAIMER);
        return obs;
    }

    private static String method(StudyResult result) {
        ModelInfo model = result.model();
        int scored = result.scoredFrames().size();
        int refused = result.frames().size() - scored;
        String tail = ", model " + model.displayName() + ", positive at >= " + percent(model.threshold()) + " %";
        if (scored == 0) {
            return "Not scored: the quality gate refused all " + refused + " frame(s)" + tail;
        }
        return "Mean BA probability over " + scored + " scored frame(s)"
                + (refused > 0 ? " (" + refused + " refused by the quality gate)" : "") + tail;
    }

    DiagnosticReport report(StudyResult result, Patient patient, ImagingStudy imaging, Observation observation,
                            Optional<StudyTime> when) {
        ModelInfo model = result.model();
        boolean suspected = result.label() == Label.BA;
        DiagnosticReport report = new DiagnosticReport();
        report.setId(ResourceIds.diagnosticReport(result.study(), model));
        report.addIdentifier(studyUidIdentifier(result.study().studyInstanceUid()));
        report.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.addCategory().addCoding(FhirCodes.radiologyCategory());
        report.getCode().addCoding(FhirCodes.reportCode()).setText("AI biliary atresia assessment of gallbladder ultrasound");
        report.setSubject(reference(patient));
        when.ifPresent(t -> report.setEffective(dateTime(t)));
        report.setIssued(Date.from(result.scoredAt()));
        report.addResult(reference(observation));
        report.addImagingStudy(reference(imaging));
        String conclusion;
        if (result.isAssessable()) {
            conclusion = (suspected ? "Biliary atresia suspected" : "Biliary atresia not suspected")
                    + ": BA probability " + percent(result.baProbability()) + " % (threshold "
                    + percent(model.threshold()) + " %), model " + model.displayName() + ". " + DISCLAIMER;
            report.addConclusionCode(suspected ? FhirCodes.baSuspected() : FhirCodes.baNotSuspected());
        } else {
            conclusion = result.refusal().message() + ". No BA probability was computed, model "
                    + model.displayName() + ". " + DISCLAIMER;
            report.addConclusionCode(FhirCodes.baUndetermined(result.refusal()));
            report.addConclusionCode(FhirCodes.refusalReason(result.refusal()));
        }
        report.setConclusion(conclusion);
        report.setText(narrative(conclusion));
        return report;
    }

    /** Human-readable text for receivers that only show narrative; holds no patient data. */
    private static Narrative narrative(String text) {
        XhtmlNode div = new XhtmlNode(org.hl7.fhir.utilities.xhtml.NodeType.Element, "div");
        div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
        div.addTag("p").addText(text);
        return new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED).setDiv(div);
    }

    private DateTimeType dateTime(StudyTime time) {
        return new DateTimeType(Date.from(time.start().toInstant()),
                time.hasTime() ? TemporalPrecisionEnum.SECOND : TemporalPrecisionEnum.DAY,
                TimeZone.getTimeZone(time.start().getZone()));
    }

    private static Reference reference(org.hl7.fhir.r4.model.Resource resource) {
        return new Reference(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
    }
}
