package org.gbscan.trainer.data;

import org.gbscan.core.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the study's two label formats:
 * <ul>
 *   <li>{@code Image_name,Label,Patient_name} with a header (phone-photo repository); columns found by name,
 *       in any order ({@code image}/{@code file}, {@code label}, {@code patient});</li>
 *   <li>{@code file,label} without a header (2021 repository): the patient is the file-name prefix
 *       before the first '_' (the whole name without extension when there is none).</li>
 * </ul>
 * Labels: 0 = BA, 1 = non-BA. Rows that cannot be used are collected as problems, not thrown.
 */
public final class LabelCsv {

    /** The usable rows (first occurrence of each image name) and what was wrong with the others. */
    public record Result(List<LabelRow> rows, List<String> problems, boolean hadHeader) {
        public Result {
            rows = List.copyOf(rows);
            problems = List.copyOf(problems);
        }
    }

    private LabelCsv() {
    }

    public static Result read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        return parse(lines);
    }

    static Result parse(List<String> lines) {
        List<String> problems = new ArrayList<>();
        Map<String, LabelRow> rows = new LinkedHashMap<>();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            return new Result(List.of(), List.of("the label file is empty"), false);
        }
        String[] head = split(stripBom(lines.get(first)));
        boolean header = head.length < 2 || parseLabel(head[1]) == null;
        int imageCol = 0;
        int labelCol = 1;
        int patientCol = -1;
        if (header) {
            imageCol = column(head, "image", "file", "name");
            labelCol = column(head, "label", "class");
            patientCol = column(head, "patient");
            if (imageCol < 0 || labelCol < 0) {
                return new Result(List.of(), List.of("line " + (first + 1) + ": header '" + lines.get(first).trim()
                        + "' names no image column (Image_name/file) or no Label column"), true);
            }
            first++;
        }
        for (int i = first; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int lineNo = i + 1;
            String[] cells = split(line);
            int needed = Math.max(imageCol, Math.max(labelCol, patientCol)) + 1;
            if (cells.length < needed) {
                problems.add("line " + lineNo + ": expected " + needed + " columns, got " + cells.length + ": '" + line.trim() + "'");
                continue;
            }
            String image = cells[imageCol].replace('\\', '/');
            Label label = parseLabel(cells[labelCol]);
            if (image.isEmpty()) {
                problems.add("line " + lineNo + ": empty image name");
                continue;
            }
            if (label == null) {
                problems.add("line " + lineNo + ": label '" + cells[labelCol] + "' is not 0 (BA) or 1 (non-BA)");
                continue;
            }
            String patient = patientCol >= 0 && !cells[patientCol].isEmpty()
                    ? cells[patientCol] : patientFromFileName(image);
            LabelRow row = new LabelRow(image, label, patient, lineNo);
            LabelRow earlier = rows.putIfAbsent(image, row);
            if (earlier != null) {
                problems.add("line " + lineNo + ": '" + image + "' already labelled on line " + earlier.line() + "; kept the first");
            }
        }
        return new Result(new ArrayList<>(rows.values()), problems, header);
    }

    /** The 2021 repository's rule: patient = file-name prefix before the first '_'. */
    public static String patientFromFileName(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        int underscore = name.indexOf('_');
        if (underscore > 0) {
            return name.substring(0, underscore);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static Label parseLabel(String cell) {
        String s = cell.trim();
        // Tolerate "0.0"/"1.0" as written by pandas.
        if (s.equals("0") || s.equals("0.0")) {
            return Label.BA;
        }
        if (s.equals("1") || s.equals("1.0")) {
            return Label.NON_BA;
        }
        return null;
    }

    private static int column(String[] head, String... keys) {
        for (String key : keys) {
            for (int i = 0; i < head.length; i++) {
                if (head[i].toLowerCase(Locale.ROOT).contains(key)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Comma (or semicolon, tab) separated cells, surrounding quotes and spaces removed. */
    private static String[] split(String line) {
        String separator = line.indexOf(',') >= 0 ? "," : line.indexOf(';') >= 0 ? ";" : "\t";
        String[] cells = line.split(separator, -1);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].trim();
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1).trim();
            }
            cells[i] = c;
        }
        return cells;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
