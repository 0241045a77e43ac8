package org.gbscan.trainer.eval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** ROC and reliability plots as PNG (XChart, headless). */
public final class Charts {
    private Charts() {
    }

    /** One ROC curve per level (e.g. image and patient), with the chance diagonal and the operating points. */
    public static void roc(List<LevelMetrics> levels, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(640).height(600).title("ROC, BA as positive class")
                .xAxisTitle("1 - specificity").yAxisTitle("sensitivity").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        XYSeries chance = chart.addSeries("chance", new double[]{0, 1}, new double[]{0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        for (LevelMetrics level : levels) {
            if (level.auc() == null) {
                continue;
            }
            double[] x = level.roc().stream().mapToDouble(RocCurve.Point::falsePositiveRate).toArray();
            double[] y = level.roc().stream().mapToDouble(RocCurve.Point::truePositiveRate).toArray();
            XYSeries s = chart.addSeries(level.level() + " AUC " + level.auc().formatted(), x, y);
            s.setMarker(SeriesMarkers.NONE);
            double fpr = 1 - level.specificity().value();
            double tpr = level.sensitivity().value();
            if (!Double.isNaN(fpr) && !Double.isNaN(tpr)) {
                XYSeries op = chart.addSeries(String.format(Locale.ROOT, "%s at threshold %.3f", level.level(), level.threshold()),
                        new double[]{fpr}, new double[]{tpr});
                op.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        save(chart, png);
    }

    /** Reliability diagram: observed BA rate against mean predicted BA probability per bin. */
    public static void calibration(List<LevelMetrics> levels, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(640).height(600).title("Calibration (10 bins)")
                .xAxisTitle("mean predicted BA probability").yAxisTitle("observed BA rate").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        XYSeries ideal = chart.addSeries("perfect calibration", new double[]{0, 1}, new double[]{0, 1});
        ideal.setMarker(SeriesMarkers.NONE);
        for (LevelMetrics level : levels) {
            List<Calibration.Bin> bins = level.calibration().bins().stream().filter(b -> b.count() > 0).toList();
            if (bins.isEmpty()) {
                continue;
            }
            chart.addSeries(String.format(Locale.ROOT, "%s (ECE %.3f)", level.level(), level.calibration().expectedCalibrationError()),
                    bins.stream().mapToDouble(Calibration.Bin::meanPredicted).toArray(),
                    bins.stream().mapToDouble(Calibration.Bin::observedRate).toArray());
        }
        save(chart, png);
    }

    private static void save(XYChart chart, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
