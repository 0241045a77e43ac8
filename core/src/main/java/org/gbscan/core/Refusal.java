package org.gbscan.core;

import java.util.Objects;

/**
 * Why the model declined to score an input: it is not something the model was trained for, so any
 * probability it gave would be a confident-looking guess. Reports say "not assessable" and why,
 * never a number.
 *
 * @param reason what kind of input it looked like
 * @param detail the measurement behind the decision, for the user (e.g. "pixel spread 0.4% of full scale")
 */
public record Refusal(Reason reason, String detail) {
    public Refusal {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }

    /** The kinds of input the quality gate turns away. */
    public enum Reason {
        BLANK("blank or nearly uniform image"),
        TEXT_ONLY("text or graphics without an ultrasound image"),
        SCREENSHOT("screenshot or document, not an ultrasound image"),
        COLOUR_IMAGE("colour photograph of something other than a grayscale ultrasound image"),
        NOT_ULTRASOUND("cross-sectional image (CT or MR), not ultrasound"),
        WRONG_INPUT_KIND("image kind does not match the model's input kind"),
        OUT_OF_DISTRIBUTION("image unlike anything the model was trained on");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        /** A short sentence for reports and messages. */
        public String text() {
            return text;
        }

        /** The machine-readable code ("out-of-distribution"). */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** "not assessable: blank or nearly uniform image (pixel spread 0.4%)". */
    public String message() {
        return "not assessable: " + reason.text() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
