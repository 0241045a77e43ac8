package org.gbscan.core.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.StudyRef;

/** Modules every object we write carries: SOP Common, Patient, General Study, General Series, General Equipment. */
final class CommonModules {
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    private CommonModules() {
    }

    static String today() {
        return LocalDate.now().format(DA);
    }

    static String now() {
        return LocalTime.now().format(TM);
    }

    static void sopCommon(AttributeList list, InstanceRef ref) throws DicomException {
        Attrs.put(list, TagFromName.SpecificCharacterSet, "ISO_IR 192");
        Attrs.put(list, TagFromName.SOPClassUID, ref.sopClassUid());
        Attrs.put(list, TagFromName.SOPInstanceUID, ref.sopInstanceUid());
        Attrs.put(list, TagFromName.InstanceCreationDate, today());
        Attrs.put(list, TagFromName.InstanceCreationTime, now());
    }

    static void patientAndStudy(AttributeList list, StudyRef study) throws DicomException {
        Attrs.put(list, TagFromName.PatientName, study.patient().name());
        Attrs.put(list, TagFromName.PatientID, study.patient().id());
        Attrs.put(list, TagFromName.PatientBirthDate, study.patient().birthDate());
        Attrs.put(list, TagFromName.PatientSex, study.patient().sex());
        Attrs.put(list, TagFromName.StudyInstanceUID, study.studyInstanceUid());
        Attrs.put(list, TagFromName.StudyDate, study.studyDate());
        Attrs.put(list, TagFromName.StudyTime, study.studyTime());
        Attrs.putEmpty(list, TagFromName.ReferringPhysicianName);
        Attrs.put(list, TagFromName.StudyID, study.studyId());
        Attrs.put(list, TagFromName.AccessionNumber, study.accessionNumber());
        if (!study.studyDescription().isEmpty()) {
            Attrs.put(list, TagFromName.StudyDescription, study.studyDescription());
        }
    }

    static void series(AttributeList list, InstanceRef ref, String description) throws DicomException {
        Attrs.put(list, TagFromName.Modality, ref.modality());
        Attrs.put(list, TagFromName.SeriesInstanceUID, ref.seriesInstanceUid());
        Attrs.put(list, TagFromName.SeriesNumber, Integer.toString(ref.seriesNumber()));
        Attrs.putEmpty(list, TagFromName.Laterality); // Type 2C: the gallbladder is not a paired organ
        if (!description.isEmpty()) {
            Attrs.put(list, TagFromName.SeriesDescription, description);
        }
    }

    static void equipment(AttributeList list, ImageSpec.Equipment e) throws DicomException {
        Attrs.put(list, TagFromName.Manufacturer, e.manufacturer());
        if (!e.institution().isEmpty()) {
            Attrs.put(list, TagFromName.InstitutionName, e.institution());
        }
        if (!e.modelName().isEmpty()) {
            Attrs.put(list, TagFromName.ManufacturerModelName, e.modelName());
        }
        if (!e.softwareVersion().isEmpty()) {
            Attrs.put(list, TagFromName.SoftwareVersions, e.softwareVersion());
        }
    }
}
