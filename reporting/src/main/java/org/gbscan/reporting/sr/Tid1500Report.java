package org.gbscan.reporting.sr;

import static org.gbscan.reporting.sr.ReportCodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gbscan.core.dicom.sr.Code;
import org.gbscan.core.dicom.sr.ContentItem;
import org.gbscan.core.dicom.sr.ContentItem.CodeItem;
import org.gbscan.core.dicom.sr.ContentItem.Container;
import org.gbscan.core.dicom.sr.ContentItem.ImageRef;
import org.gbscan.core.dicom.sr.ContentItem.Num;
import org.gbscan.core.dicom.sr.ContentItem.Text;
import org.gbscan.core.dicom.sr.ContentItem.UidRef;
import org.gbscan.core.dicom.sr.Relationship;

/**
 * Builds the content tree of DICOM TID 1500 "Measurement Report" (PS3.16). Each method is one row
 * (or included template) of TID 1500, in the template's order; {@link #build()} returns the root
 * container. Only the rows gbscan needs are offered.
 */
public final class Tid1500Report {
    private Code language;
    private DeviceObserver observer;
    private Code procedure;
    private final List<ContentItem> library = new ArrayList<>();
    private final List<ContentItem> groups = new ArrayList<>();
    private final List<ContentItem> evaluations = new ArrayList<>();

    private Tid1500Report() {
    }

    /** TID 1500 row 1: the root container, titled "Imaging Measurement Report" (CID 7021). */
    public static Tid1500Report imagingMeasurementReport() {
        return new Tid1500Report();
    }

    /** Row 2, TID 1204: the language every item below is written in. */
    public Tid1500Report languageOfContentItemAndDescendants(Code language) {
        this.language = Objects.requireNonNull(language);
        return this;
    }

    /** Row 3, TID 1001 / 1002 / 1004: the observer is a device, the algorithm. */
    public Tid1500Report deviceObserverContext(DeviceObserver observer) {
        this.observer = Objects.requireNonNull(observer);
        return this;
    }

    /** Row 4: the procedure reported (CID 100). */
    public Tid1500Report procedureReported(Code procedure) {
        this.procedure = Objects.requireNonNull(procedure);
        return this;
    }

    /** Row 5, TID 1600 / 1601: one image library entry (a source image the report is about). */
    public Tid1500Report imageLibraryEntry(String sopClassUid, String sopInstanceUid) {
        library.add(new ImageRef(Relationship.CONTAINS, null, sopClassUid, sopInstanceUid, 0));
        return this;
    }

    /** Row 6, TID 1501: one measurement and qualitative evaluation group under "Imaging Measurements". */
    public Tid1500Report measurementGroup(MeasurementGroup group) {
        groups.add(group.build());
        return this;
    }

    /**
     * Rows 12-13: a coded qualitative evaluation of the whole study (question as concept name, coded
     * answer), under "Qualitative Evaluations".
     */
    public Tid1500Report qualitativeEvaluation(Code question, Code answer) {
        evaluations.add(new CodeItem(Relationship.CONTAINS, question, answer, List.of()));
        return this;
    }

    /** Row 14: a free-text qualitative evaluation of the whole study, under "Qualitative Evaluations". */
    public Tid1500Report qualitativeEvaluationText(Code conceptName, String text) {
        evaluations.add(new Text(Relationship.CONTAINS, conceptName, text));
        return this;
    }

    public Container build() {
        if (language == null || observer == null || procedure == null) {
            throw new IllegalStateException("TID 1500 needs language, observer context and procedure reported");
        }
        if (groups.isEmpty()) {
            throw new IllegalStateException("a measurement report without measurement groups says nothing");
        }
        List<ContentItem> rows = new ArrayList<>();
        rows.add(new CodeItem(Relationship.HAS_CONCEPT_MOD, LANGUAGE_OF_CONTENT, language, List.of()));
        rows.addAll(observer.items());
        rows.add(new CodeItem(Relationship.HAS_CONCEPT_MOD, PROCEDURE_REPORTED, procedure, List.of()));
        if (!library.isEmpty()) {
            rows.add(new Container(Relationship.CONTAINS, IMAGE_LIBRARY, "", List.of(
                    new Container(Relationship.CONTAINS, IMAGE_LIBRARY_GROUP, "", library))));
        }
        rows.add(new Container(Relationship.CONTAINS, IMAGING_MEASUREMENTS, "", groups));
        if (!evaluations.isEmpty()) {
            rows.add(new Container(Relationship.CONTAINS, QUALITATIVE_EVALUATIONS, "", evaluations));
        }
        return new Container(null, IMAGING_MEASUREMENT_REPORT, "1500", rows);
    }

    /** TID 1004 Device Observer Identifying Attributes. */
    public record DeviceObserver(String uid, String name, String manufacturer, String modelName, String serialNumber) {
        public DeviceObserver {
            Objects.requireNonNull(uid, "uid");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(manufacturer, "manufacturer");
            Objects.requireNonNull(modelName, "modelName");
            Objects.requireNonNull(serialNumber, "serialNumber");
        }

        List<ContentItem> items() {
            Relationship ctx = Relationship.HAS_OBS_CONTEXT;
            return List.of(
                    new CodeItem(ctx, OBSERVER_TYPE, DEVICE, List.of()),        // TID 1002 row 1
                    new UidRef(ctx, DEVICE_OBSERVER_UID, uid),                   // TID 1004 rows 1..5
                    new Text(ctx, DEVICE_OBSERVER_NAME, name),
                    new Text(ctx, DEVICE_OBSERVER_MANUFACTURER, manufacturer),
                    new Text(ctx, DEVICE_OBSERVER_MODEL_NAME, modelName),
                    new Text(ctx, DEVICE_OBSERVER_SERIAL_NUMBER, serialNumber));
        }
    }

    /** TID 1501 Measurement and Qualitative Evaluation Group. */
    public static final class MeasurementGroup {
        private final List<ContentItem> context = new ArrayList<>();
        private final List<ContentItem> modifiers = new ArrayList<>();
        private final List<ContentItem> measurements = new ArrayList<>();
        private final List<ContentItem> images = new ArrayList<>();

        private MeasurementGroup() {
        }

        /** Rows 2-3, TID 4108: a human-readable tracking identifier and a tracking UID. */
        public static MeasurementGroup trackingIdentifier(String identifier, String uid) {
            MeasurementGroup g = new MeasurementGroup();
            g.context.add(new Text(Relationship.HAS_OBS_CONTEXT, TRACKING_IDENTIFIER, identifier));
            g.context.add(new UidRef(Relationship.HAS_OBS_CONTEXT, TRACKING_UID, uid));
            return g;
        }

        /** Row 3b: what the group is about. */
        public MeasurementGroup finding(Code finding) {
            context.add(new CodeItem(Relationship.CONTAINS, FINDING, finding, List.of()));
            return this;
        }

        /** Row 6: where in the body. */
        public MeasurementGroup findingSite(Code site) {
            modifiers.add(new CodeItem(Relationship.HAS_CONCEPT_MOD, FINDING_SITE, site, List.of()));
            return this;
        }

        /** Row 10, TID 4019 Algorithm Identification: name, version and optional parameters. */
        public MeasurementGroup algorithmIdentification(String name, String version, List<String> parameters) {
            modifiers.add(new Text(Relationship.HAS_CONCEPT_MOD, ALGORITHM_NAME, name));
            modifiers.add(new Text(Relationship.HAS_CONCEPT_MOD, ALGORITHM_VERSION, version));
            for (String p : parameters) {
                modifiers.add(new Text(Relationship.HAS_CONCEPT_MOD, ALGORITHM_PARAMETERS, p));
            }
            return this;
        }

        /**
         * Row 11, TID 300 Measurement: a numeric value with its unit, optionally how it was derived
         * (row 4, CID 7464) and the images it was inferred from (TID 320 "Source of Measurement").
         */
        public MeasurementGroup measurement(Code name, double value, Code unit, Code derivation, List<SourceImage> sources) {
            List<ContentItem> children = new ArrayList<>();
            if (derivation != null) {
                children.add(new CodeItem(Relationship.HAS_CONCEPT_MOD, DERIVATION, derivation, List.of()));
            }
            for (SourceImage s : sources) {
                children.add(new ImageRef(Relationship.INFERRED_FROM, SOURCE_OF_MEASUREMENT, s.sopClassUid(),
                        s.sopInstanceUid(), s.frameNumber()));
            }
            measurements.add(new Num(Relationship.CONTAINS, name, value, unit, children));
            return this;
        }

        /** Row 10b: an image that belongs to the group, e.g. the CAM overlay that illustrates it. */
        public MeasurementGroup image(Code conceptName, String sopClassUid, String sopInstanceUid) {
            images.add(new ImageRef(Relationship.CONTAINS, conceptName, sopClassUid, sopInstanceUid, 0));
            return this;
        }

        Container build() {
            List<ContentItem> rows = new ArrayList<>(context);
            rows.addAll(modifiers);
            rows.addAll(measurements);
            rows.addAll(images);
            return new Container(Relationship.CONTAINS, MEASUREMENT_GROUP, "", rows);
        }
    }

    /** An image (and frame: one-based, 0 = whole image) a measurement was inferred from. */
    public record SourceImage(String sopClassUid, String sopInstanceUid, int frameNumber) {
    }
}
