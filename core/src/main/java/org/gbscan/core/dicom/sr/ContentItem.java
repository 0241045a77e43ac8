package org.gbscan.core.dicom.sr;

import java.util.List;
import java.util.Objects;

/**
 * One node of an SR content tree, in gbscan's own terms (no PixelMed type). Templates are built in
 * the modules that know them (e.g. reporting's TID 1500 builder); this tree only knows value types.
 * The root container has no relationship (null); every other item has one.
 */
public sealed interface ContentItem permits ContentItem.Container, ContentItem.CodeItem, ContentItem.Num,
        ContentItem.Text, ContentItem.UidRef, ContentItem.ImageRef {

    Relationship relationship();

    Code conceptName();

    /** Items below this one (by-value relationships only). */
    List<ContentItem> children();

    /**
     * CONTAINER. {@code templateId} is the DCMR template number it follows (e.g. "1500") or empty.
     * Continuity of content is always SEPARATE: every child stands on its own.
     */
    record Container(Relationship relationship, Code conceptName, String templateId, List<ContentItem> children)
            implements ContentItem {
        public Container {
            Objects.requireNonNull(conceptName, "conceptName");
            templateId = Objects.requireNonNullElse(templateId, "");
            children = List.copyOf(children);
        }
    }

    /** CODE: a coded answer to the question in the concept name. */
    record CodeItem(Relationship relationship, Code conceptName, Code value, List<ContentItem> children)
            implements ContentItem {
        public CodeItem {
            Objects.requireNonNull(relationship, "relationship");
            Objects.requireNonNull(conceptName, "conceptName");
            Objects.requireNonNull(value, "value");
            children = List.copyOf(children);
        }
    }

    /**
     * NUM: a measurement with its unit (UCUM). Written both as Numeric Value (DS, rounded to 16
     * characters) and as Floating Point Value (FD) so that readers get the exact double back.
     */
    record Num(Relationship relationship, Code conceptName, double value, Code unit, List<ContentItem> children)
            implements ContentItem {
        public Num {
            Objects.requireNonNull(relationship, "relationship");
            Objects.requireNonNull(conceptName, "conceptName");
            Objects.requireNonNull(unit, "unit");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a numeric content item needs a finite value, got " + value);
            }
            children = List.copyOf(children);
        }
    }

    /** TEXT: free text (UT). */
    record Text(Relationship relationship, Code conceptName, String value) implements ContentItem {
        public Text {
            Objects.requireNonNull(relationship, "relationship");
            Objects.requireNonNull(conceptName, "conceptName");
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("a TEXT content item needs a value (" + conceptName.meaning() + ")");
            }
        }

        @Override
        public List<ContentItem> children() {
            return List.of();
        }
    }

    /** UIDREF: a UID (e.g. a device observer UID or tracking UID). */
    record UidRef(Relationship relationship, Code conceptName, String uid) implements ContentItem {
        public UidRef {
            Objects.requireNonNull(relationship, "relationship");
            Objects.requireNonNull(conceptName, "conceptName");
            Objects.requireNonNull(uid, "uid");
        }

        @Override
        public List<ContentItem> children() {
            return List.of();
        }
    }

    /**
     * IMAGE: a reference to an image instance, optionally to one frame of it.
     *
     * @param conceptName may be null: an Image Library entry (TID 1601) has none
     * @param frameNumber one-based frame number inside a multi-frame image, or 0 for the whole image
     */
    record ImageRef(Relationship relationship, Code conceptName, String sopClassUid, String sopInstanceUid,
                    int frameNumber) implements ContentItem {
        public ImageRef {
            Objects.requireNonNull(relationship, "relationship");
            Objects.requireNonNull(sopClassUid, "sopClassUid");
            Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
            if (frameNumber < 0) {
                throw new IllegalArgumentException("frame number is one-based, or 0 for none; got " + frameNumber);
            }
        }

        @Override
        public List<ContentItem> children() {
            return List.of();
        }
    }
}
