package org.gbscan.core.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.core.Frame;
import org.gbscan.core.ImageInstance;
import org.gbscan.core.InstanceRef;
import org.gbscan.core.Patient;
import org.gbscan.core.PixelSpacing;
import org.gbscan.core.StudyRef;
import org.gbscan.core.Uids;

/** Parses a DICOM stream into gbscan's domain, turning every PixelMed failure into {@link BadDicomException}. */
final class DicomReader {
    private DicomReader() {
    }

    static AttributeList parse(InputStream in, boolean withPixels) throws BadDicomException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try {
            DicomInputStream dis = new DicomInputStream(new BufferedInputStream(in, 65536));
            if (withPixels) {
                list.read(dis);
            } else {
                list.read(dis, TagFromName.PixelData);
            }
        } catch (EOFException e) {
            throw new BadDicomException("DICOM stream is truncated", e);
        } catch (IOException | DicomException e) {
            throw new BadDicomException("not a readable DICOM object: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            // Last line of defence: DeclaredLengths bounds the nesting before a receiver parses; the
            // recursion has unwound here, so the thread is fine and the input is simply refused.
            throw new BadDicomException("DICOM object nests too deeply to parse");
        } catch (RuntimeException | OutOfMemoryError e) {
            // PixelMed reports garbage (e.g. absurd lengths) as runtime errors; none of them may escape.
            throw new BadDicomException("malformed DICOM object: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        if (Attrs.string(list, TagFromName.SOPInstanceUID).isEmpty()
                && Attrs.string(list, TagFromName.MediaStorageSOPInstanceUID).isEmpty()) {
            throw new BadDicomException("DICOM object has no SOP Instance UID");
        }
        return list;
    }

    static Encoding encodingOf(AttributeList list) throws BadDicomException {
        String ts = Attrs.string(list, TagFromName.TransferSyntaxUID);
        return Encoding.ofUid(ts.isEmpty() ? Encoding.IMPLICIT_VR_LITTLE_ENDIAN.uid() : ts);
    }

    static InstanceRef refOf(AttributeList list) throws BadDicomException {
        String sopClass = first(Attrs.string(list, TagFromName.SOPClassUID), Attrs.string(list, TagFromName.MediaStorageSOPClassUID));
        String sopInstance = first(Attrs.string(list, TagFromName.SOPInstanceUID), Attrs.string(list, TagFromName.MediaStorageSOPInstanceUID));
        String study = Attrs.string(list, TagFromName.StudyInstanceUID);
        String series = Attrs.string(list, TagFromName.SeriesInstanceUID);
        requireUid(sopClass, "SOP Class UID");
        requireUid(sopInstance, "SOP Instance UID");
        requireUid(study, "Study Instance UID");
        requireUid(series, "Series Instance UID");
        Patient patient = new Patient(Attrs.string(list, TagFromName.PatientID), Attrs.string(list, TagFromName.PatientName),
                Attrs.string(list, TagFromName.PatientBirthDate), Attrs.string(list, TagFromName.PatientSex));
        StudyRef studyRef = new StudyRef(study, patient, Attrs.string(list, TagFromName.AccessionNumber),
                Attrs.string(list, TagFromName.StudyDate), Attrs.string(list, TagFromName.StudyTime),
                Attrs.string(list, TagFromName.StudyID), Attrs.string(list, TagFromName.StudyDescription));
        return new InstanceRef(studyRef, series, sopInstance, sopClass, Attrs.string(list, TagFromName.Modality),
                Attrs.integer(list, TagFromName.SeriesNumber, 0), Attrs.integer(list, TagFromName.InstanceNumber, 0));
    }

    static ImageInstance image(AttributeList list, int maxFrames, ImageLimits limits) throws BadDicomException {
        InstanceRef ref = refOf(list);
        PixelDecoder decoder = new PixelDecoder(list, encodingOf(list), limits);
        int total = decoder.frameCount();
        List<Frame> frames = new ArrayList<>();
        for (int index : FrameSelection.evenlySpaced(total, maxFrames)) {
            frames.add(new Frame(ref, index, decoder.width(), decoder.height(), decoder.format(), decoder.decode(index)));
        }
        return new ImageInstance(ref, frames, total, spacingOf(list));
    }

    /** Pixel Spacing if present, else the first US region calibrated in cm (PS3.3 C.8.5.5). */
    static PixelSpacing spacingOf(AttributeList list) {
        double[] ps = null;
        try {
            ps = Attribute.getDoubleValues(list, TagFromName.PixelSpacing);
        } catch (RuntimeException ignored) {
            // fall through to the ultrasound regions; a malformed optional attribute is not fatal
        }
        if (ps != null && ps.length == 2 && ps[0] > 0 && ps[1] > 0) {
            return new PixelSpacing(ps[0], ps[1]);
        }
        Attribute regions = list.get(TagFromName.SequenceOfUltrasoundRegions);
        if (regions instanceof SequenceAttribute seq) {
            for (int i = 0; i < seq.getNumberOfItems(); i++) {
                AttributeList item = seq.getItem(i).getAttributeList();
                int unitsX = Attrs.integer(item, TagFromName.PhysicalUnitsXDirection, 0);
                int unitsY = Attrs.integer(item, TagFromName.PhysicalUnitsYDirection, 0);
                double dx = Attribute.getSingleDoubleValueOrDefault(item, TagFromName.PhysicalDeltaX, 0);
                double dy = Attribute.getSingleDoubleValueOrDefault(item, TagFromName.PhysicalDeltaY, 0);
                if (unitsX == 3 && unitsY == 3 && dx > 0 && dy > 0) { // 3 = cm
                    return new PixelSpacing(Math.abs(dy) * 10, Math.abs(dx) * 10);
                }
            }
        }
        return null;
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private static void requireUid(String uid, String what) throws BadDicomException {
        if (!Uids.isValid(uid)) {
            throw new BadDicomException(what + " is missing or invalid");
        }
    }
}
