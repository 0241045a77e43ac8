package org.gbscan.inference.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gbscan.core.ModelInfo;

/**
 * Everything needed to use a set of weights, stored as {@code model-card.json} next to them:
 * the network, the input it expects (size, channels, normalisation), the class order (index 0 = BA),
 * the operating threshold, and what it was trained on and how well it did.
 *
 * @param trainingData free-form summary (data set, image and patient counts, split, epochs ...)
 * @param metrics      free-form evaluation results (auc, sensitivity, specificity, their CIs ...)
 * @param inputKind    how an input is prepared: a B-mode frame cropped to its fan, or a region image used whole
 * @param stem         the network's first layers (IMAGENET, or COMPACT for small inputs)
 * @param baseWidth    channels of the first residual stage (64 as torchvision; 32 halves every stage)
 * @param outputStride input pixels per cell of the last stage (32 as torchvision; 16 or 8 with dilated last stages)
 * @param temperature  logits are divided by it before the softmax (temperature scaling; 1 = uncalibrated)
 * @param logitBias    added to the BA logit after the temperature (0 = none): with it, P(BA) = sigmoid(z / T + bias), z the logit difference
 * @param members      sub-directories holding the members of an ensemble (empty: the weights are beside the card)
 * @param qualityGate  the fitted out-of-distribution gate's parameters (null: image checks only)
 * @param testTimeFlip score each input and its left-right mirror and average the logits (absent: false)
 * @param camStage     the residual stage whose Grad-CAM the trainer chose for this model (layer4 when the class map
 *                     was trained toward finding masks; absent: the service's default, layer3)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(String name, String version, Architecture architecture, int depth, int inputSize,
                        int channels, List<Double> mean, List<Double> std, List<String> classes, double threshold,
                        Map<String, Object> trainingData, Map<String, Object> metrics, Instant createdAt,
                        InputKind inputKind, Stem stem, int baseWidth, int outputStride, double temperature,
                        double logitBias, List<String> members, Map<String, Object> qualityGate, boolean testTimeFlip,
                        String camStage) {

    public static final String FILE_NAME = "model-card.json";
    /** The study's class order: index 0 is biliary atresia. */
    public static final List<String> CLASSES = List.of("BA", "non-BA");
    /** Normalisation of the published phone-photo model (grayscale copied to 3 channels). */
    public static final List<Double> STUDY_MEAN = List.of(0.4298, 0.4338, 0.4529);
    public static final List<Double> STUDY_STD = List.of(0.2655, 0.2640, 0.2681);

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public ModelCard {
        requireText(name, "name");
        requireText(version, "version");
        Objects.requireNonNull(architecture, "model card needs an architecture (RESNET or SE_RESNET)");
        if (!Networks.isSupportedDepth(depth)) {
            throw new IllegalArgumentException("model card depth must be 18, 34, 50, 101 or 152, got " + depth);
        }
        if (inputSize < 32 || inputSize > 1024) {
            throw new IllegalArgumentException("model card inputSize must be within 32..1024, got " + inputSize);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("model card channels must be 1 or 3, got " + channels);
        }
        mean = List.copyOf(Objects.requireNonNull(mean, "model card needs mean"));
        std = List.copyOf(Objects.requireNonNull(std, "model card needs std"));
        if (mean.size() != channels || std.size() != channels) {
            throw new IllegalArgumentException("model card has " + channels + " channels but " + mean.size()
                    + " mean and " + std.size() + " std values");
        }
        if (std.stream().anyMatch(s -> !(s > 0))) {
            throw new IllegalArgumentException("model card std values must be positive, got " + std);
        }
        classes = List.copyOf(Objects.requireNonNull(classes, "model card needs classes"));
        if (!classes.equals(CLASSES)) {
            throw new IllegalArgumentException("model card classes must be " + CLASSES + " (index 0 = BA), got " + classes);
        }
        if (!(threshold > 0.0 && threshold < 1.0)) {
            throw new IllegalArgumentException("model card threshold must be within (0,1), got " + threshold);
        }
        trainingData = trainingData == null ? Map.of() : unmodifiableCopy(trainingData);
        metrics = metrics == null ? Map.of() : unmodifiableCopy(metrics);
        Objects.requireNonNull(createdAt, "model card needs createdAt");
        // cards written before these fields existed describe torchvision-shaped frame models
        inputKind = inputKind == null ? InputKind.FRAME : inputKind;
        stem = stem == null ? Stem.IMAGENET : stem;
        baseWidth = baseWidth == 0 ? 64 : baseWidth;
        outputStride = outputStride == 0 ? 32 : outputStride;
        temperature = temperature == 0 ? 1.0 : temperature;
        if (baseWidth < 8 || baseWidth > 256) {
            throw new IllegalArgumentException("model card baseWidth must be within 8..256, got " + baseWidth);
        }
        if (outputStride != 8 && outputStride != 16 && outputStride != 32) {
            throw new IllegalArgumentException("model card outputStride must be 8, 16 or 32, got " + outputStride);
        }
        if (!Double.isFinite(logitBias)) {
            throw new IllegalArgumentException("model card logitBias must be a finite number, got " + logitBias);
        }
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("model card temperature must be a positive number, got " + temperature);
        }
        members = members == null ? List.of() : List.copyOf(members);
        qualityGate = qualityGate == null ? null : unmodifiableCopy(qualityGate);
        if (camStage != null) {
            camStage = org.gbscan.inference.CamStage.parse(camStage).name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Everything but the network shape and input kind: see {@link #forNewModel} and the {@code with} methods. */
    public ModelCard(String name, String version, Architecture architecture, int depth, int inputSize,
                     int channels, List<Double> mean, List<Double> std, List<String> classes, double threshold,
                     Map<String, Object> trainingData, Map<String, Object> metrics, Instant createdAt) {
        this(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold, trainingData, metrics,
                createdAt, InputKind.FRAME, Stem.IMAGENET, 64, 32, 1.0, 0.0, List.of(), null, false, null);
    }

    /** A card for a model about to be trained: study normalisation, 3 channels, threshold 0.5, now. */
    public static ModelCard forNewModel(String name, String version, Architecture architecture, int depth, int inputSize) {
        return new ModelCard(name, version, architecture, depth, inputSize, 3, STUDY_MEAN, STUDY_STD, CLASSES, 0.5,
                Map.of(), Map.of(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    public ModelCard withThreshold(double v) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, v,
                trainingData, metrics, createdAt, inputKind, stem, baseWidth, outputStride, temperature, logitBias, members, qualityGate, testTimeFlip, camStage);
    }

    public ModelCard withTrainingData(Map<String, Object> v) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold,
                v, metrics, createdAt, inputKind, stem, baseWidth, outputStride, temperature, logitBias, members, qualityGate, testTimeFlip, camStage);
    }

    public ModelCard withMetrics(Map<String, Object> v) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold,
                trainingData, v, createdAt, inputKind, stem, baseWidth, outputStride, temperature, logitBias, members, qualityGate, testTimeFlip, camStage);
    }

    /** The input kind and the network's shape beyond architecture and depth. */
    public ModelCard withDesign(InputKind kind, Stem newStem, int width, int stride) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold,
                trainingData, metrics, createdAt, kind, newStem, width, stride, temperature, logitBias, members, qualityGate, testTimeFlip, camStage);
    }

    public ModelCard withTemperature(double v) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold,
                trainingData, metrics, createdAt, inputKind, stem, baseWidth, outputStride, v, logitBias, members, qualityGate, testTimeFlip, camStage);
    }

    public ModelCard withLogitBias(double v) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold,
                trainingData, metrics, createdAt, inputKind, stem, baseWidth, outputStride, temperature, v, members, qualityGate, testTimeFlip, camStage);
    }

    /** The calibrated BA probability of one image from its two logits (temperature and bias of the card). */
    public double baProbability(double baLogit, double nonBaLogit) {
        double z = (baLogit - nonBaLogit) / temperature + logitBias;
        return z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
    }

    public ModelCard withMembers(List<String> v) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold,
                trainingData, metrics, createdAt, inputKind, stem, baseWidth, outputStride, temperature, logitBias, v, qualityGate, testTimeFlip, camStage);
    }

    public ModelCard withQualityGate(Map<String, Object> v) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold,
                trainingData, metrics, createdAt, inputKind, stem, baseWidth, outputStride, temperature, logitBias, members, v, testTimeFlip, camStage);
    }

    /**
     * Test-time flip: every input is also scored mirrored left-right and the two logit differences are
     * averaged (the card's temperature and threshold were fitted on such averages).
     */
    public ModelCard withTestTimeFlip(boolean v) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold,
                trainingData, metrics, createdAt, inputKind, stem, baseWidth, outputStride, temperature, logitBias, members, qualityGate, v, camStage);
    }

    /** The Grad-CAM stage this model's heat maps are best read from (see {@code camStage}). */
    public ModelCard withCamStage(String v) {
        return new ModelCard(name, version, architecture, depth, inputSize, channels, mean, std, classes, threshold,
                trainingData, metrics, createdAt, inputKind, stem, baseWidth, outputStride, temperature, logitBias, members, qualityGate,
                testTimeFlip, v);
    }

    /** True when the weights live in member sub-directories (an ensemble). */
    @JsonIgnore
    public boolean isEnsemble() {
        return !members.isEmpty();
    }

    /** "SE-ResNet-152". */
    @JsonIgnore
    public String architectureName() {
        return architecture.displayName(depth);
    }

    /** What reports show about the model that produced a score. */
    @JsonIgnore
    public ModelInfo info() {
        return new ModelInfo(name, version, architectureName(), threshold);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model card values are plain JSON types: " + e.getMessage(), e);
        }
    }

    /** Parses a card; a syntax error or a missing/invalid field is reported with Jackson's location. */
    public static ModelCard fromJson(String json) throws JsonProcessingException {
        return JSON.readValue(json, ModelCard.class);
    }

    private static Map<String, Object> unmodifiableCopy(Map<String, Object> map) {
        // LinkedHashMap keeps the author's order in the JSON; values may be null, which Map.copyOf refuses
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model card needs a non-empty " + field);
        }
    }
}
