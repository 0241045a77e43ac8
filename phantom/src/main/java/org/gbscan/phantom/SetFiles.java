package org.gbscan.phantom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gbscan.core.Label;

/** The files that describe a generated set: label CSVs in the seed format and {@code manifest.json}. */
final class SetFiles {
    static final String HEADER = "Image_name,Label,Patient_name";

    private SetFiles() {
    }

    /** One row per image: name (as {@code name} gives it), 0 = BA / 1 = non-BA, patient id. */
    static void writeLabels(Path csv, List<PhantomImage> images, Function<PhantomImage, String> name) throws IOException {
        Files.createDirectories(csv.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            for (PhantomImage image : images) {
                out.write(name.apply(image) + "," + image.label().index() + "," + image.patientId() + "\n");
            }
        }
    }

    static void writeManifest(Path file, PhantomOptions options, List<PatientCase> patients, List<PhantomImage> images)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("generator", "gbscan phantom");
        root.put("formatVersion", 1);
        root.put("seed", options.seed());
        ObjectNode opts = root.putObject("options");
        opts.put("patients", options.patients());
        opts.put("baFraction", options.baFraction());
        opts.put("hardFraction", options.hardFraction());
        opts.put("cineFraction", options.cineFraction());
        opts.put("width", options.width());
        opts.put("height", options.height());
        opts.put("photos", options.photos());
        ObjectNode layout = root.putObject("layout");
        layout.put("labels", "labels.csv: Image_name (path relative to this folder), Label (0 = BA, 1 = non-BA), Patient_name (patient id)");
        layout.put("studies", "studies/<patient>/<series>/<patient>_<series>_<instance>.dcm; series 1 = single frames, 2 = cine loops");
        layout.put("masks", "masks/<stem>_gb.png (gallbladder: lumen + wall), masks/<stem>_tc.png (triangular cord, when visible);"
                + " 0/255 in the image's pixel coordinates, drawn for frame 0; frame k = mask shifted by frameOffsets[k]");
        layout.put("photos", "photos/<stem>.jpg of frame 0, photos/labels.csv (names relative to photos/), photos/masks/ warped alike");

        long baPatients = patients.stream().filter(p -> p.label() == Label.BA).count();
        long baImages = images.stream().filter(i -> i.label() == Label.BA).count();
        ObjectNode counts = root.putObject("counts");
        counts.put("patients", patients.size());
        counts.put("baPatients", baPatients);
        counts.put("images", images.size());
        counts.put("baImages", baImages);
        counts.put("frames", images.stream().mapToInt(PhantomImage::frames).sum());
        counts.put("hardImages", images.stream().filter(PhantomImage::hard).count());
        ObjectNode balance = root.putObject("classBalance");
        balance.put("baPatientFraction", (double) baPatients / patients.size());
        balance.put("baImageFraction", images.isEmpty() ? 0 : (double) baImages / images.size());
        Map<Hardness, Integer> flagCounts = new EnumMap<>(Hardness.class);
        images.forEach(i -> i.hardness().forEach(h -> flagCounts.merge(h, 1, Integer::sum)));
        ObjectNode flags = root.putObject("hardnessCounts");
        flagCounts.forEach((h, n) -> flags.put(h.name(), n));

        ArrayNode pats = root.putArray("patients");
        for (PatientCase p : patients) {
            ObjectNode n = pats.addObject();
            n.put("id", p.id());
            n.put("label", p.label().index());
            n.put("variant", p.variant().name());
            n.put("hard", p.variant().hard() || p.periportalEcho());
            n.put("images", p.images());
            n.put("gallbladderLengthMm", round(p.lengthMm()));
            n.put("cordSign", p.cordSign());
        }
        ArrayNode list = root.putArray("images");
        for (PhantomImage i : images) {
            ObjectNode n = list.addObject();
            n.put("file", i.file());
            n.put("patient", i.patientId());
            n.put("label", i.label().index());
            n.put("variant", i.variant().name());
            n.put("hard", i.hard());
            ArrayNode h = n.putArray("hardness");
            i.hardness().forEach(f -> h.add(f.name()));
            n.put("frames", i.frames());
            n.put("photometric", i.photometric());
            n.put("transferSyntax", i.transferSyntax());
            n.put("width", i.width());
            n.put("height", i.height());
            n.put("mmPerPx", round(i.mmPerPx()));
            n.put("gallbladderLengthMm", round(i.gallbladderLengthMm()));
            n.put("gallbladderAreaPx", i.gallbladderAreaPx());
            n.put("cordVisible", i.cordVisible());
            n.put("gallbladderMask", i.gallbladderMask());
            n.put("cordMask", i.cordMask());
            if (i.photo() != null) {
                n.put("photo", i.photo());
                n.put("photoGallbladderMask", i.photoGallbladderMask());
                n.put("photoCordMask", i.photoCordMask());
            }
            if (i.frames() > 1) {
                ArrayNode offsets = n.putArray("frameOffsets");
                i.frameOffsets().forEach(o -> offsets.addArray().add(o[0]).add(o[1]));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        json.writeValue(file.toFile(), root);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
