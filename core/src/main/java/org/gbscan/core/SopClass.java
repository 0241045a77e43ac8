package org.gbscan.core;

import java.util.Optional;
import java.util.stream.Stream;

/** The SOP classes gbscan reads or writes (PS3.4 Annex B), with their UIDs. */
public enum SopClass {
    US_IMAGE("1.2.840.10008.5.1.4.1.1.6.1", "Ultrasound Image", "US"),
    US_MULTIFRAME_IMAGE("1.2.840.10008.5.1.4.1.1.3.1", "Ultrasound Multi-frame Image", "US"),
    SECONDARY_CAPTURE("1.2.840.10008.5.1.4.1.1.7", "Secondary Capture Image", "OT"),
    VL_PHOTOGRAPHIC("1.2.840.10008.5.1.4.1.1.77.1.4", "VL Photographic Image", "XC"),
    COMPREHENSIVE_SR("1.2.840.10008.5.1.4.1.1.88.33", "Comprehensive SR", "SR"),
    ENHANCED_SR("1.2.840.10008.5.1.4.1.1.88.22", "Enhanced SR", "SR");

    private final String uid;
    private final String title;
    private final String defaultModality;

    SopClass(String uid, String title, String defaultModality) {
        this.uid = uid;
        this.title = title;
        this.defaultModality = defaultModality;
    }

    public String uid() {
        return uid;
    }

    public String title() {
        return title;
    }

    public String defaultModality() {
        return defaultModality;
    }

    public static Optional<SopClass> ofUid(String uid) {
        return Stream.of(values()).filter(s -> s.uid.equals(uid)).findFirst();
    }

    /** The image classes the scorer takes as input. */
    public boolean isScorableImage() {
        return this == US_IMAGE || this == US_MULTIFRAME_IMAGE || this == SECONDARY_CAPTURE || this == VL_PHOTOGRAPHIC;
    }
}
