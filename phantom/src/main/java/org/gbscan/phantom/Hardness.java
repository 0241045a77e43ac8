package org.gbscan.phantom;

/**
 * Why an image is harder than a textbook case. The first five blur the line between the classes
 * ({@link #confusing()}); the others are acquisition variation that both classes share.
 */
public enum Hardness {
    /** Non-BA: small gallbladder after a feed, smooth with a thick (often layered) wall. */
    CONTRACTED_NORMAL,
    /** BA: gallbladder near normal size, only slightly irregular, wall mostly complete. */
    NEAR_NORMAL_BA,
    /** BA without a triangular cord in this view. */
    NO_CORD_SIGN,
    /** Non-BA: a thin echogenic cuff anterior to the portal vein that mimics a cord. */
    PERIPORTAL_ECHO,
    /** Low lumen-to-liver contrast: a faint gallbladder. */
    FAINT,
    /** Non-BA: the scan plane misses the gallbladder (a neonate's is not always seen). */
    NOT_IN_VIEW,
    /** Part of the gallbladder lies in the acoustic shadow of bowel gas. */
    PARTLY_HIDDEN,
    LOW_GAIN,
    HIGH_GAIN,
    DEEP,
    NOISY;

    public boolean confusing() {
        return ordinal() <= PARTLY_HIDDEN.ordinal();
    }
}
