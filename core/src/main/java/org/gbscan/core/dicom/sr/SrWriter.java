package org.gbscan.core.dicom.sr;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gbscan.core.dicom.AdapterSupport;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.dicom.Encoding;

/**
 * Writes an {@link SrDocument} as a Comprehensive or Enhanced SR Part 10 file: the content tree through
 * PixelMed's {@link ContentItemFactory} and {@link StructuredReport}, then the Patient, General Study,
 * SR Document Series, General Equipment, SR Document General and SOP Common modules.
 */
public final class SrWriter {
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    private SrWriter() {
    }

    /** Writes atomically (temporary file, fsync, rename), like every other object gbscan writes. */
    public static void write(SrDocument doc, Path file) throws IOException {
        DicomFiles.writeAtomically(file, out -> write(doc, out));
    }

    public static void write(SrDocument doc, OutputStream out) throws IOException {
        try {
            AdapterSupport.writePart10(build(doc), Encoding.EXPLICIT_VR_LITTLE_ENDIAN, out);
        } catch (DicomException e) {
            throw new IOException("cannot encode the structured report: " + e.getMessage(), e);
        }
    }

    static AttributeList build(SrDocument doc) throws DicomException {
        ContentItemFactory factory = new ContentItemFactory();
        com.pixelmed.dicom.ContentItem root = add(factory, null, doc.root());
        AttributeList list = new StructuredReport(root).getAttributeList();

        AdapterSupport.commonModules(list, doc.ref(), doc.seriesDescription(), doc.equipment());
        list.remove(TagFromName.Laterality); // General Series only; SR Document Series has no laterality
        list.put(new SequenceAttribute(TagFromName.ReferencedPerformedProcedureStepSequence)); // Type 2, empty

        // SR Document General (C.17.2)
        AdapterSupport.put(list, TagFromName.InstanceNumber, Integer.toString(Math.max(1, doc.ref().instanceNumber())));
        AdapterSupport.put(list, TagFromName.CompletionFlag, doc.complete() ? "COMPLETE" : "PARTIAL");
        AdapterSupport.put(list, TagFromName.VerificationFlag, "UNVERIFIED");
        AdapterSupport.put(list, TagFromName.ContentDate, doc.contentDateTime().format(DA));
        AdapterSupport.put(list, TagFromName.ContentTime, doc.contentDateTime().format(TM));
        list.put(new SequenceAttribute(TagFromName.PerformedProcedureCodeSequence)); // Type 2, empty
        if (!doc.currentEvidence().isEmpty()) {
            list.put(evidence(TagFromName.CurrentRequestedProcedureEvidenceSequence, doc.currentEvidence()));
        }
        if (!doc.otherEvidence().isEmpty()) {
            list.put(evidence(SrTags.PERTINENT_OTHER_EVIDENCE, doc.otherEvidence()));
        }
        if (!doc.predecessors().isEmpty()) {
            list.put(evidence(SrTags.PREDECESSOR_DOCUMENTS, doc.predecessors())); // Type 1C: this report replaces them
        }
        if (!doc.privateSchemes().isEmpty()) {
            SequenceAttribute schemes = new SequenceAttribute(TagFromName.CodingSchemeIdentificationSequence);
            for (CodingScheme s : doc.privateSchemes()) {
                AttributeList item = new AttributeList();
                AdapterSupport.put(item, TagFromName.CodingSchemeDesignator, s.designator());
                AdapterSupport.put(item, TagFromName.CodingSchemeUID, s.uid());
                AdapterSupport.put(item, TagFromName.CodingSchemeName, s.name());
                AdapterSupport.put(item, TagFromName.CodingSchemeResponsibleOrganization, s.responsibleOrganization());
                schemes.addItem(item);
            }
            list.put(schemes);
        }
        if (asciiOnly(list)) {
            // Plain ASCII needs no Specific Character Set (default repertoire); leaving ISO_IR 192 out
            // also keeps DCMTK's SR tools quiet (their VR checker does not support UTF-8).
            list.remove(TagFromName.SpecificCharacterSet);
        }
        return list;
    }

    private static boolean asciiOnly(AttributeList list) {
        for (com.pixelmed.dicom.Attribute a : list.values()) {
            if (a instanceof SequenceAttribute seq) {
                for (int i = 0; i < seq.getNumberOfItems(); i++) {
                    if (!asciiOnly(seq.getItem(i).getAttributeList())) {
                        return false;
                    }
                }
            } else if (a instanceof com.pixelmed.dicom.StringAttribute) {
                String v = a.getDelimitedStringValuesOrEmptyString();
                if (!v.chars().allMatch(c -> c < 128)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static com.pixelmed.dicom.ContentItem add(ContentItemFactory f, com.pixelmed.dicom.ContentItem parent,
                                                      ContentItem item) throws DicomException {
        String rel = item.relationship() == null ? null : item.relationship().dicomName();
        com.pixelmed.dicom.ContentItem made;
        if (item instanceof ContentItem.Container c) {
            boolean templated = !c.templateId().isEmpty();
            made = f.makeContainerContentItem(parent, rel, coded(c.conceptName()), true,
                    templated ? "DCMR" : null, templated ? c.templateId() : null);
        } else if (item instanceof ContentItem.CodeItem c) {
            made = f.makeCodeContentItem(parent, rel, coded(c.conceptName()), coded(c.value()));
        } else if (item instanceof ContentItem.Num n) {
            made = f.makeNumericContentItem(parent, rel, coded(n.conceptName()), decimalString(n.value()),
                    n.value(), null, null, coded(n.unit()), null);
        } else if (item instanceof ContentItem.Text t) {
            made = f.makeTextContentItem(parent, rel, coded(t.conceptName()), t.value());
        } else if (item instanceof ContentItem.UidRef u) {
            made = f.makeUIDContentItem(parent, rel, coded(u.conceptName()), u.uid());
        } else if (item instanceof ContentItem.ImageRef i) {
            made = f.makeImageContentItem(parent, rel, i.conceptName() == null ? null : coded(i.conceptName()),
                    i.sopClassUid(), i.sopInstanceUid(), i.frameNumber(), 0, null, null, null, null);
        } else {
            throw new IllegalStateException("unknown content item " + item.getClass());
        }
        for (ContentItem child : item.children()) {
            add(f, made, child);
        }
        return made;
    }

    /** Hierarchical SOP Instance Reference macro: study, then series, then instances. */
    private static SequenceAttribute evidence(com.pixelmed.dicom.AttributeTag tag, List<EvidenceRef> refs) throws DicomException {
        Map<String, Map<String, List<EvidenceRef>>> byStudy = new LinkedHashMap<>();
        for (EvidenceRef r : refs) {
            byStudy.computeIfAbsent(r.studyInstanceUid(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.seriesInstanceUid(), k -> new java.util.ArrayList<>()).add(r);
        }
        SequenceAttribute studies = new SequenceAttribute(tag);
        for (Map.Entry<String, Map<String, List<EvidenceRef>>> study : byStudy.entrySet()) {
            AttributeList studyItem = new AttributeList();
            AdapterSupport.put(studyItem, TagFromName.StudyInstanceUID, study.getKey());
            SequenceAttribute seriesSeq = new SequenceAttribute(TagFromName.ReferencedSeriesSequence);
            for (Map.Entry<String, List<EvidenceRef>> series : study.getValue().entrySet()) {
                AttributeList seriesItem = new AttributeList();
                AdapterSupport.put(seriesItem, TagFromName.SeriesInstanceUID, series.getKey());
                SequenceAttribute sops = new SequenceAttribute(TagFromName.ReferencedSOPSequence);
                for (EvidenceRef r : series.getValue()) {
                    AttributeList sopItem = new AttributeList();
                    AdapterSupport.put(sopItem, TagFromName.ReferencedSOPClassUID, r.sopClassUid());
                    AdapterSupport.put(sopItem, TagFromName.ReferencedSOPInstanceUID, r.sopInstanceUid());
                    sops.addItem(sopItem);
                }
                seriesItem.put(sops);
                seriesSeq.addItem(seriesItem);
            }
            studyItem.put(seriesSeq);
            studies.addItem(studyItem);
        }
        return studies;
    }

    private static CodedSequenceItem coded(Code code) throws DicomException {
        return new CodedSequenceItem(code.value(), code.scheme(), code.meaning());
    }

    /** DS holds at most 16 characters: keep 10 significant digits (the exact value goes in Floating Point Value). */
    static String decimalString(double value) {
        String s = new BigDecimal(value).round(new MathContext(10)).stripTrailingZeros().toPlainString();
        if (s.length() > 16) {
            s = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toString();
        }
        return s;
    }
}
