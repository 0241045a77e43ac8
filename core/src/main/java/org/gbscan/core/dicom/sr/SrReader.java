package org.gbscan.core.dicom.sr;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.dicom.AdapterSupport;
import org.gbscan.core.dicom.BadDicomException;
import org.gbscan.core.dicom.ImageSpec;

/** Reads a Comprehensive or Enhanced SR back into an {@link SrDocument} (for checks, displays and tests). */
public final class SrReader {
    private SrReader() {
    }

    public static SrDocument read(Path file) throws BadDicomException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new BadDicomException("cannot open " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    public static SrDocument read(InputStream in) throws BadDicomException {
        AttributeList list = AdapterSupport.parse(in);
        InstanceRef ref = AdapterSupport.refOf(list);
        try {
            com.pixelmed.dicom.ContentItem root = (com.pixelmed.dicom.ContentItem) new StructuredReport(list).getRoot();
            if (!(convert(root) instanceof ContentItem.Container container)) {
                throw new BadDicomException("the SR root content item is not a CONTAINER");
            }
            ImageSpec.Equipment equipment = new ImageSpec.Equipment(AdapterSupport.string(list, TagFromName.Manufacturer),
                    AdapterSupport.string(list, TagFromName.ManufacturerModelName),
                    AdapterSupport.string(list, TagFromName.SoftwareVersions),
                    AdapterSupport.string(list, TagFromName.InstitutionName));
            return new SrDocument(ref, equipment, AdapterSupport.string(list, TagFromName.SeriesDescription),
                    "COMPLETE".equals(AdapterSupport.string(list, TagFromName.CompletionFlag)), contentDateTime(list),
                    container, evidence(list, TagFromName.CurrentRequestedProcedureEvidenceSequence),
                    evidence(list, SrTags.PERTINENT_OTHER_EVIDENCE), schemes(list),
                    evidence(list, SrTags.PREDECESSOR_DOCUMENTS));
        } catch (DicomException | RuntimeException e) {
            throw new BadDicomException("not a readable structured report: " + e.getMessage(), e);
        }
    }

    private static ContentItem convert(com.pixelmed.dicom.ContentItem item) throws BadDicomException {
        String relName = item.getRelationshipType();
        Relationship rel = relName == null || relName.isEmpty() ? null : Relationship.ofDicomName(relName);
        Code name = code(item.getConceptName());
        List<ContentItem> children = new ArrayList<>();
        for (int i = 0; i < item.getChildCount(); i++) {
            children.add(convert((com.pixelmed.dicom.ContentItem) item.getChildAt(i)));
        }
        if (item instanceof ContentItemFactory.ContainerContentItem c) {
            String template = c.getTemplateIdentifier();
            return new ContentItem.Container(rel, name, template == null ? "" : template, children);
        } else if (item instanceof ContentItemFactory.CodeContentItem c) {
            return new ContentItem.CodeItem(rel, name, code(c.getConceptCode()), children);
        } else if (item instanceof ContentItemFactory.NumericContentItem n) {
            double value = n.hasFloatingPointValue() ? n.getFloatingPointValue() : Double.parseDouble(n.getNumericValue());
            return new ContentItem.Num(rel, name, value, code(n.getUnits()), children);
        } else if (item instanceof ContentItemFactory.TextContentItem t) {
            // UT is padded to an even length with a trailing space; the value we wrote did not have it
            return new ContentItem.Text(rel, name, t.getConceptValue().stripTrailing());
        } else if (item instanceof ContentItemFactory.UIDContentItem u) {
            return new ContentItem.UidRef(rel, name, u.getConceptValue());
        } else if (item instanceof ContentItemFactory.ImageContentItem i) {
            return new ContentItem.ImageRef(rel, name, i.getReferencedSOPClassUID(), i.getReferencedSOPInstanceUID(),
                    Math.max(0, i.getReferencedFrameNumber()));
        }
        throw new BadDicomException("content item of value type " + item.getValueType() + " is not supported");
    }

    private static Code code(CodedSequenceItem c) {
        return c == null ? null : new Code(c.getCodeValue(), c.getCodingSchemeDesignator(), c.getCodeMeaning());
    }

    private static LocalDateTime contentDateTime(AttributeList list) {
        try {
            LocalDate date = LocalDate.parse(AdapterSupport.string(list, TagFromName.ContentDate), DateTimeFormatter.BASIC_ISO_DATE);
            String tm = AdapterSupport.string(list, TagFromName.ContentTime);
            LocalTime time = tm.length() >= 6 ? LocalTime.parse(tm.substring(0, 6), DateTimeFormatter.ofPattern("HHmmss")) : LocalTime.MIDNIGHT;
            return LocalDateTime.of(date, time);
        } catch (DateTimeParseException e) {
            return LocalDateTime.MIN;
        }
    }

    private static List<EvidenceRef> evidence(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        List<EvidenceRef> refs = new ArrayList<>();
        if (!(list.get(tag) instanceof SequenceAttribute studies)) {
            return refs;
        }
        for (int s = 0; s < studies.getNumberOfItems(); s++) {
            AttributeList studyItem = studies.getItem(s).getAttributeList();
            String study = AdapterSupport.string(studyItem, TagFromName.StudyInstanceUID);
            if (!(studyItem.get(TagFromName.ReferencedSeriesSequence) instanceof SequenceAttribute seriesSeq)) {
                continue;
            }
            for (int r = 0; r < seriesSeq.getNumberOfItems(); r++) {
                AttributeList seriesItem = seriesSeq.getItem(r).getAttributeList();
                String series = AdapterSupport.string(seriesItem, TagFromName.SeriesInstanceUID);
                if (!(seriesItem.get(TagFromName.ReferencedSOPSequence) instanceof SequenceAttribute sops)) {
                    continue;
                }
                for (int i = 0; i < sops.getNumberOfItems(); i++) {
                    AttributeList sop = sops.getItem(i).getAttributeList();
                    refs.add(new EvidenceRef(study, series, AdapterSupport.string(sop, TagFromName.ReferencedSOPClassUID),
                            AdapterSupport.string(sop, TagFromName.ReferencedSOPInstanceUID)));
                }
            }
        }
        return refs;
    }

    private static List<CodingScheme> schemes(AttributeList list) {
        List<CodingScheme> schemes = new ArrayList<>();
        if (list.get(TagFromName.CodingSchemeIdentificationSequence) instanceof SequenceAttribute seq) {
            for (int i = 0; i < seq.getNumberOfItems(); i++) {
                AttributeList item = seq.getItem(i).getAttributeList();
                schemes.add(new CodingScheme(AdapterSupport.string(item, TagFromName.CodingSchemeDesignator),
                        AdapterSupport.string(item, TagFromName.CodingSchemeUID),
                        AdapterSupport.string(item, TagFromName.CodingSchemeName),
                        AdapterSupport.string(item, TagFromName.CodingSchemeResponsibleOrganization)));
            }
        }
        return schemes;
    }
}
