package org.gbscan.phantom;

import org.gbscan.core.Label;

/** The kind of gallbladder a phantom patient has; fixed per patient, varied per view. */
public enum CaseVariant {
    NORMAL(Label.NON_BA),
    CONTRACTED_NORMAL(Label.NON_BA),
    BILIARY_ATRESIA(Label.BA),
    NEAR_NORMAL_BA(Label.BA);

    private final Label label;

    CaseVariant(Label label) {
        this.label = label;
    }

    public Label label() {
        return label;
    }

    /** A variant built to be confused with the other class. */
    public boolean hard() {
        return this == CONTRACTED_NORMAL || this == NEAR_NORMAL_BA;
    }
}
