package org.gbscan.inference.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Optional;
import org.gbscan.core.ModelInfo;
import org.gbscan.inference.DjlEnvironment;
import org.gbscan.inference.preprocess.Preprocessor;

/**
 * A loaded model ready to score: the DJL model, its card, and the preprocessing the card implies.
 * A network built in code ({@link ResNet}) supports Grad-CAM; a TorchScript file is a black box and
 * does not ({@link #supportsGradCam()}). Close it to free the weights.
 */
public final class ScoringModel implements AutoCloseable {
    static {
        DjlEnvironment.ensureOffline();
    }

    private final ModelCard card;
    private final Model model;
    private final ResNet network;
    private final Preprocessor preprocessor;
    private final List<ScoringModel> members;
    private final FeatureGate gate;
    /** False for a view ({@link #uncalibrated()}) that shares another's weights: closing it frees nothing. */
    private final boolean owner;

    private ScoringModel(ModelCard card, Model model, ResNet network, List<ScoringModel> members, FeatureGate gate) {
        this(card, model, network, members, gate, true);
    }

    private ScoringModel(ModelCard card, Model model, ResNet network, List<ScoringModel> members, FeatureGate gate, boolean owner) {
        this.owner = owner;
        this.card = card;
        this.model = model;
        this.network = network;
        this.preprocessor = Preprocessor.of(card);
        this.members = List.copyOf(members);
        this.gate = gate;
    }

    private ScoringModel(ModelCard card, Model model, ResNet network) {
        this(card, model, network, List.of(), null);
    }

    /**
     * An ensemble: members built for the same input (kind, size, channels, normalisation), scored together;
     * the ensemble's card holds the calibration and threshold that apply to their mean.
     */
    static ScoringModel ensemble(ModelCard card, List<ScoringModel> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs members");
        }
        for (ScoringModel m : members) {
            ModelCard c = m.card();
            if (c.inputKind() != card.inputKind() || c.inputSize() != card.inputSize() || c.channels() != card.channels()
                    || !c.mean().equals(card.mean()) || !c.std().equals(card.std())) {
                throw new IllegalArgumentException("member " + c.name() + " expects " + c.inputKind().code() + " input of "
                        + c.inputSize() + " px, the ensemble's card " + card.inputKind().code() + " of " + card.inputSize() + " px");
            }
        }
        return new ScoringModel(card, null, null, members, null);
    }

    /**
     * The same weights without the card's temperature and bias (evaluation shows calibration before and
     * after). A view: it shares this model's weights, and closing it frees nothing.
     */
    public ScoringModel uncalibrated() {
        return new ScoringModel(card.withTemperature(1.0).withLogitBias(0.0), model, network, members, gate, false);
    }

    /** The same weights with test-time flip on or off (to measure what the flip adds). */
    public ScoringModel withTestTimeFlip(boolean flip) {
        return new ScoringModel(card.withTestTimeFlip(flip), model, network, members, gate, false);
    }

    /** This model with its fitted out-of-distribution gate. */
    ScoringModel withGate(FeatureGate featureGate) {
        return new ScoringModel(card, model, network, members, featureGate);
    }

    /**
     * Wraps a model whose block is an initialised {@link ResNet} built for this card (by
     * {@link Networks#newModel}); the trainer uses this to score with the weights it is training.
     */
    public static ScoringModel of(ModelCard card, Model model) {
        if (!(model.getBlock() instanceof ResNet resNet)) {
            throw new IllegalArgumentException("model block must be built by Networks.build, got "
                    + (model.getBlock() == null ? "none" : model.getBlock().getClass().getSimpleName()));
        }
        if (!resNet.isInitialized()) {
            throw new IllegalArgumentException("model weights are not initialised or loaded");
        }
        return new ScoringModel(card, model, resNet);
    }

    static ScoringModel torchScript(ModelCard card, Model model) {
        return new ScoringModel(card, model, null);
    }

    /** A randomly initialised network for this card (tests, benchmarks, the start of training). */
    public static ScoringModel untrained(ModelCard card, Device device, int seed) {
        Engine.getEngine(Networks.ENGINE).setRandomSeed(seed);
        Model model = Networks.newModel(card, device);
        Networks.initialize(model, card);
        return of(card, model);
    }

    /** {@link #untrained(ModelCard, Device, int)} on the device the engine picks (GPU if it sees one). */
    public static ScoringModel untrained(ModelCard card, int seed) {
        return untrained(card, Devices.auto(), seed);
    }

    public ModelCard card() {
        return card;
    }

    public ModelInfo info() {
        return card.info();
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public boolean supportsGradCam() {
        return isEnsemble() ? members.stream().allMatch(ScoringModel::supportsGradCam) : network != null;
    }

    public boolean isEnsemble() {
        return !members.isEmpty();
    }

    /** The members of an ensemble (empty for a single network). */
    public List<ScoringModel> members() {
        return members;
    }

    /** The fitted feature gate of a single network, if its card has one. */
    public Optional<FeatureGate> featureGate() {
        return Optional.ofNullable(gate);
    }

    /** "cpu()" or "gpu(0)", for logs and health output. */
    public String deviceName() {
        return device().toString();
    }

    /** The DJL model (for the trainer and this module's runners; other modules should not need it); an ensemble's first member's. */
    public Model djlModel() {
        return isEnsemble() ? members.get(0).djlModel() : model;
    }

    public Block block() {
        return djlModel().getBlock();
    }

    /** The network split into features and head, when built in code (empty for TorchScript). */
    public Optional<ResNet> network() {
        return Optional.ofNullable(network);
    }

    public Device device() {
        return djlModel().getNDManager().getDevice();
    }

    @Override
    public void close() {
        if (!owner) {
            return;
        }
        if (model != null) {
            model.close();
        }
        members.forEach(ScoringModel::close);
    }
}
