package org.gbscan.core;

/** The study's two classes, in the study's order: index 0 = biliary atresia, 1 = not biliary atresia. */
public enum Label {
    BA(0, "biliary atresia suspected"),
    NON_BA(1, "biliary atresia not suspected");

    private final int index;
    private final String description;

    Label(int index, String description) {
        this.index = index;
        this.description = description;
    }

    public int index() {
        return index;
    }

    public String description() {
        return description;
    }

    public static Label ofIndex(int index) {
        return switch (index) {
            case 0 -> BA;
            case 1 -> NON_BA;
            default -> throw new IllegalArgumentException("label must be 0 (BA) or 1 (non-BA), got " + index);
        };
    }

    /** The label a BA probability gets at an operating threshold (BA when p >= threshold). */
    public static Label atThreshold(double baProbability, double threshold) {
        return baProbability >= threshold ? BA : NON_BA;
    }
}
