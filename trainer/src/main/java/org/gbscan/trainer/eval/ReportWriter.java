package org.gbscan.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes metrics.json (machine-readable) and summary.md (for people) from the computed figures. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static void writeJson(EvaluationReport r, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", r.model());
        root.put("threshold", r.threshold());
        root.put("aucInterval", "DeLong variance, 95% interval on the logit scale");
        root.put("proportionInterval", "Wilson score, 95%");
        root.put("positiveClass", "BA (label 0); score = BA probability");
        root.set("image", level(r.image()));
        root.set("patient", level(r.patient()));
        if (r.checks() != null) {
            EvaluationReport.ModelChecks c = r.checks();
            ObjectNode point = root.putObject("operatingPoint");
            point.put("threshold", r.threshold());
            point.put("source", c.thresholdSource());
            point.set("patientSensitivity", proportion(r.patient().sensitivity()));
            point.set("patientSpecificity", proportion(r.patient().specificity()));
            ObjectNode cal = root.putObject("calibration");
            cal.put("method", "expected calibration error, 10 equal-width bins");
            number(cal.putObject("before"), "imageEce", c.imageEceBefore());
            number((ObjectNode) cal.get("before"), "patientEce", c.patientEceBefore());
            number(cal.putObject("after"), "imageEce", r.image().calibration().expectedCalibrationError());
            number((ObjectNode) cal.get("after"), "patientEce", r.patient().calibration().expectedCalibrationError());
            ObjectNode gate = root.putObject("qualityGate");
            gate.put("images", c.gateImages());
            gate.put("refusedImages", c.gateRefusedImages());
            number(gate, "refusalRate", c.gateImages() == 0 ? Double.NaN : c.gateRefusedImages() / (double) c.gateImages());
            ObjectNode reasons = gate.putObject("byReason");
            new java.util.TreeMap<>(c.refusalsByReason()).forEach(reasons::put);
            gate.put("note", "metrics above score every image; these images would be refused in service");
        }
        if (r.pointingGame() != null) {
            root.set("pointingGame", pointingGame(r.pointingGame()));
        }
        ArrayNode readers = root.putArray("readers");
        for (ReaderStudy.Comparison c : r.readers()) {
            ObjectNode n = readers.addObject();
            n.put("reader", c.reader());
            n.put("patients", c.patients());
            n.put("baPatients", c.baPatients());
            n.set("readerAuc", auc(c.readerAuc()));
            if (c.readerSensitivity() != null) {
                n.set("readerSensitivity", proportion(c.readerSensitivity()));
                n.set("readerSpecificity", proportion(c.readerSpecificity()));
            }
            PairedAucTest t = c.modelMinusReader();
            ObjectNode test = n.putObject("delongModelMinusReader");
            test.put("modelAuc", t.aucA());
            test.put("readerAuc", t.aucB());
            number(test, "difference", t.difference());
            number(test, "lower", t.lower());
            number(test, "upper", t.upper());
            number(test, "z", t.z());
            number(test, "p", t.pValue());
        }
        root.put("dataImport", r.importSummary());
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), root);
    }

    private static ObjectNode level(LevelMetrics m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("cases", m.cases());
        n.put("ba", m.baCases());
        n.put("nonBa", m.nonBaCases());
        if (m.auc() != null) {
            n.set("auc", auc(m.auc()));
        } else {
            n.putNull("auc");
        }
        n.set("sensitivity", proportion(m.sensitivity()));
        n.set("specificity", proportion(m.specificity()));
        n.set("accuracy", proportion(m.accuracy()));
        number(n, "kappa", m.kappa());
        ObjectNode cm = n.putObject("confusion");
        cm.put("truePositive", m.confusion().truePositives());
        cm.put("falseNegative", m.confusion().falseNegatives());
        cm.put("falsePositive", m.confusion().falsePositives());
        cm.put("trueNegative", m.confusion().trueNegatives());
        n.put("ece", m.calibration().expectedCalibrationError());
        ArrayNode bins = n.putArray("calibrationBins");
        for (Calibration.Bin b : m.calibration().bins()) {
            ObjectNode bn = bins.addObject();
            bn.put("from", b.from());
            bn.put("to", b.to());
            bn.put("count", b.count());
            number(bn, "meanPredicted", b.meanPredicted());
            number(bn, "observedRate", b.observedRate());
        }
        ArrayNode roc = n.putArray("roc");
        for (RocCurve.Point p : m.roc()) {
            ArrayNode pt = roc.addArray();
            pt.add(p.falsePositiveRate()).add(p.truePositiveRate());
            if (Double.isInfinite(p.threshold())) {
                pt.addNull();
            } else {
                pt.add(p.threshold());
            }
        }
        return n;
    }

    private static ObjectNode pointingGame(PointingGameResult g) {
        ObjectNode n = JSON.createObjectNode();
        n.put("images", g.trials());
        n.put("what", "BA images, frame 0: Grad-CAM (BA class) arg-max vs the union of finding masks; distances in original frame pixels");
        n.put("camStage", g.camStage());
        ObjectNode at = proportion(g.atTolerance());
        n.set("at" + Math.round(g.tolerancePx()) + "px", at);
        at.put("tolerancePx", g.tolerancePx());
        number(at, "toleranceMm", g.toleranceMm() == null ? Double.NaN : g.toleranceMm());
        number(at, "toleranceMmMin", g.toleranceMmMin() == null ? Double.NaN : g.toleranceMmMin());
        number(at, "toleranceMmMax", g.toleranceMmMax() == null ? Double.NaN : g.toleranceMmMax());
        n.set("at0px", proportion(g.strict()));
        ObjectNode prior = proportion(g.priorBaseline());
        n.set("priorBaseline", prior);
        prior.put("tolerancePx", g.tolerancePx());
        prior.put("xFraction", g.prior().xFraction());
        prior.put("yFraction", g.prior().yFraction());
        prior.put("masks", g.prior().masks());
        prior.put("source", g.prior().source());
        if (g.randomWeights() != null) {
            ObjectNode random = proportion(g.randomWeights());
            n.set("randomWeights", random);
            random.put("tolerancePx", g.tolerancePx());
            random.put("what", "same Grad-CAM from a randomly initialised copy of the network (Adebayo et al. 2018)");
        }
        ObjectNode share = n.putObject("heatInMask");
        number(share, "value", g.heatInMask());
        share.put("images", g.heatImages());
        share.put("what", "mean over BA images of sum(heat in mask) / sum(heat)");
        return n;
    }

    private static ObjectNode auc(AucEstimate a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("value", a.auc());
        number(n, "lower", a.lower());
        number(n, "upper", a.upper());
        number(n, "standardError", a.standardError());
        n.put("ciMethod", a.method().name().toLowerCase(Locale.ROOT));
        return n;
    }

    private static ObjectNode proportion(Proportion p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("successes", p.successes());
        n.put("trials", p.trials());
        number(n, "value", p.value());
        number(n, "lower", p.lower());
        number(n, "upper", p.upper());
        return n;
    }

    /** JSON has no NaN or infinity: those become null. */
    private static void number(ObjectNode n, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    public static String markdown(EvaluationReport r) {
        StringBuilder s = new StringBuilder();
        s.append("# Evaluation of ").append(r.model()).append("\n\n");
        s.append(String.format(Locale.ROOT, "Operating threshold (from the model card): BA when P(BA) >= %.3f%n%n", r.threshold()));
        s.append("| | images | patients |\n|---|---|---|\n");
        row(s, "cases (BA / non-BA)", r.image().cases() + " (" + r.image().baCases() + " / " + r.image().nonBaCases() + ")",
                r.patient().cases() + " (" + r.patient().baCases() + " / " + r.patient().nonBaCases() + ")");
        row(s, "AUC (95% CI, DeLong)", aucText(r.image()), aucText(r.patient()));
        row(s, "sensitivity", r.image().sensitivity().formatted(), r.patient().sensitivity().formatted());
        row(s, "specificity", r.image().specificity().formatted(), r.patient().specificity().formatted());
        row(s, "accuracy", r.image().accuracy().formatted(), r.patient().accuracy().formatted());
        row(s, "Cohen's kappa", fmt(r.image().kappa()), fmt(r.patient().kappa()));
        row(s, "ECE (10 bins)", fmt(r.image().calibration().expectedCalibrationError()),
                fmt(r.patient().calibration().expectedCalibrationError()));
        row(s, "confusion TP / FN / FP / TN", confusion(r.image().confusion()), confusion(r.patient().confusion()));
        s.append('\n');
        s.append("Patient score = mean BA probability of the patient's images; patient label = majority, ties BA.\n\n");
        if (r.pointingGame() != null) {
            pointingGame(s, r.pointingGame());
        }
        if (!r.readers().isEmpty()) {
            s.append("## Model vs readers (patient level, DeLong paired test)\n\n");
            s.append("| reader | patients | reader AUC | model AUC | difference (95% CI) | p |\n|---|---|---|---|---|---|\n");
            for (ReaderStudy.Comparison c : r.readers()) {
                PairedAucTest t = c.modelMinusReader();
                s.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %+.3f (%.3f to %.3f) | %.4f |%n", c.reader(),
                        c.patients(), t.aucB(), t.aucA(), t.difference(), t.lower(), t.upper(), t.pValue()));
            }
            s.append('\n');
        }
        s.append("## Data\n\n```\n").append(r.importSummary()).append("```\n\n");
        s.append("Files: ").append(List.of(r.metricsJson(), r.rocPng(), r.calibrationPng())).append('\n');
        return s.toString();
    }

    private static void pointingGame(StringBuilder s, PointingGameResult g) {
        long tol = Math.round(g.tolerancePx());
        String mm = g.toleranceMm() == null ? "pixel spacing unknown"
                : String.format(Locale.ROOT, "%.1f mm at the frames' pixel spacing, %.1f-%.1f", g.toleranceMm(), g.toleranceMmMin(),
                g.toleranceMmMax());
        s.append("## Localisation (Grad-CAM ").append(g.camStage()).append(", BA class, frame 0 of BA images)\n\n");
        s.append("Pointing game: a hit when the heat-map maximum lies in the gallbladder or triangular-cord mask, or within ")
                .append(tol).append(" px of it (").append(mm).append(").\n\n");
        s.append("| measure | value (95% CI, Wilson) | baseline |\n|---|---|---|\n");
        s.append("| pointing game at ").append(tol).append(" px | ").append(g.atTolerance().formatted()).append(" | prior point ")
                .append(g.priorBaseline().formatted()).append(" |\n");
        s.append("| pointing game at 0 px | ").append(g.strict().formatted()).append(" | |\n");
        s.append("| same maps, randomised weights, at ").append(tol).append(" px | ")
                .append(g.randomWeights() == null ? "not run" : g.randomWeights().formatted())
                .append(" | should be far below the trained model's |\n");
        s.append("| share of heat inside the mask (mean) | ").append(fmt(g.heatInMask())).append(" (").append(g.heatImages())
                .append(" images) | |\n\n");
        s.append(String.format(Locale.ROOT, "Prior point: (%.3f, %.3f) of width and height, the mean finding centroid of %d masks, %s.%n%n",
                g.prior().xFraction(), g.prior().yFraction(), g.prior().masks(), g.prior().source()));
    }

    public static void writeMarkdown(EvaluationReport r, Path file) throws IOException {
        Files.writeString(file, markdown(r), StandardCharsets.UTF_8);
    }

    private static String aucText(LevelMetrics m) {
        return m.auc() == null ? "n/a (one class only)" : m.auc().formatted();
    }

    private static String confusion(ConfusionMatrix m) {
        return m.truePositives() + " / " + m.falseNegatives() + " / " + m.falsePositives() + " / " + m.trueNegatives();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void row(StringBuilder s, String name, String image, String patient) {
        s.append("| ").append(name).append(" | ").append(image).append(" | ").append(patient).append(" |\n");
    }
}
