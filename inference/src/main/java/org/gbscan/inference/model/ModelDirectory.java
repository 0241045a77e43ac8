package org.gbscan.inference.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.gbscan.inference.DjlEnvironment;

/**
 * A model directory: {@code model-card.json} plus weights, either DJL parameters
 * ({@code model-NNNN.params}, written by {@link #save}) or one TorchScript {@code .pt} file exported
 * from the original Python code. Loading needs nothing else. Every way a directory can be unusable
 * ends in one {@link ModelLoadException} whose message names the file and the fix.
 */
public final class ModelDirectory {
    static {
        DjlEnvironment.ensureOffline();
    }

    /** DJL writes {@code <prefix>-<epoch>.params}. */
    public static final String WEIGHTS_PREFIX = "model";

    private ModelDirectory() {
    }

    /** Writes the weights of a model built by {@link Networks#newModel} and its card (the card last, atomically). */
    public static void save(Path dir, Model model, ModelCard card) throws IOException {
        if (!(model.getBlock() instanceof ResNet)) {
            throw new IllegalArgumentException("only networks built by Networks.build can be saved as a model directory");
        }
        Files.createDirectories(dir);
        for (Path old : weightFiles(dir)) {
            Files.delete(old);
        }
        model.save(dir, WEIGHTS_PREFIX);
        Path tmp = dir.resolve(ModelCard.FILE_NAME + ".tmp");
        Files.writeString(tmp, card.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(ModelCard.FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads onto the device the engine picks (GPU if it sees one). */
    public static ScoringModel load(Path location) throws ModelLoadException {
        return load(location, Devices.auto());
    }

    /**
     * For modules without DJL types: {@code deviceChoice} is {@code inference.device} (auto, cpu, gpu, gpu:N).
     *
     * @throws IllegalArgumentException when the device choice is malformed or names a GPU the engine does not see
     */
    public static ScoringModel load(Path location, String deviceChoice) throws ModelLoadException {
        return load(location, Devices.resolve(deviceChoice));
    }

    /**
     * @param location a model directory, or a TorchScript {@code .pt} file with {@code model-card.json} beside it
     */
    public static ScoringModel load(Path location, Device device) throws ModelLoadException {
        Path dir = Files.isRegularFile(location) ? location.toAbsolutePath().getParent() : location;
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException(location, "model directory " + location + " does not exist or is not a directory");
        }
        ModelCard card = readCard(dir);
        if (card.isEnsemble()) {
            return loadEnsemble(dir, card, device);
        }
        Path torchScript = Files.isRegularFile(location) ? location : findTorchScript(dir);
        if (torchScript != null) {
            return loadTorchScript(torchScript, card, device);
        }
        if (listOrFail(dir, WEIGHTS_PREFIX + "-*.params").isEmpty()) {
            throw new ModelLoadException(dir, "no weights in " + dir + ": expected " + WEIGHTS_PREFIX
                    + "-0000.params (saved by gbscan train) or one TorchScript .pt file");
        }
        return loadParams(dir, card, device);
    }

    /** Each member is a model directory of its own below the ensemble's; a missing one is named. */
    private static ScoringModel loadEnsemble(Path dir, ModelCard card, Device device) throws ModelLoadException {
        List<ScoringModel> members = new ArrayList<>();
        try {
            for (String name : card.members()) {
                Path member = dir.resolve(name).normalize();
                if (!member.startsWith(dir.normalize()) || name.isBlank()) {
                    throw new ModelLoadException(dir, "ensemble member '" + name + "' in " + dir + " is not a sub-directory");
                }
                ModelCard memberCard = readCard(member);
                if (memberCard.isEnsemble()) {
                    throw new ModelLoadException(member, "ensemble member " + member + " is itself an ensemble");
                }
                if (listOrFail(member, WEIGHTS_PREFIX + "-*.params").isEmpty()) {
                    throw new ModelLoadException(member, "no weights in ensemble member " + member);
                }
                members.add(loadParams(member, memberCard, device));
            }
            return ScoringModel.ensemble(card, members);
        } catch (ModelLoadException | RuntimeException e) {
            members.forEach(ScoringModel::close);
            if (e instanceof IllegalArgumentException) {
                throw new ModelLoadException(dir, "ensemble in " + dir + " is inconsistent: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    public static ModelCard readCard(Path dir) throws ModelLoadException {
        Path file = dir.resolve(ModelCard.FILE_NAME);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(dir, "no " + ModelCard.FILE_NAME + " in " + dir + ": a model directory needs its card");
        } catch (IOException e) {
            throw new ModelLoadException(dir, "cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return ModelCard.fromJson(json);
        } catch (JsonProcessingException e) {
            Throwable root = e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof NullPointerException
                    ? e.getCause() : e;
            throw new ModelLoadException(dir, "model card " + file + " is not valid: " + root.getMessage(), e);
        }
    }

    private static ScoringModel loadParams(Path dir, ModelCard card, Device device) throws ModelLoadException {
        Model model = Networks.newModel(card, device);
        try {
            model.load(dir, WEIGHTS_PREFIX);
            requireShapesMatch(model.getBlock(), card, dir);
            probe(model.getBlock(), model.getNDManager(), card, dir);
            FeatureGate gate = FeatureGate.read(dir, card);
            return gate == null ? ScoringModel.of(card, model) : ScoringModel.of(card, model).withGate(gate);
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException(dir, "weights in " + dir + " are corrupt or are not a " + card.architectureName()
                    + " with " + card.classes().size() + " classes as the card says: " + e, e);
        }
    }

    private static ScoringModel loadTorchScript(Path file, ModelCard card, Device device) throws ModelLoadException {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file.toAbsolutePath())
                .optEngine(Networks.ENGINE)
                .optDevice(device)
                .build();
        Model model;
        try {
            model = criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new ModelLoadException(file, "TorchScript file " + file + " cannot be loaded by PyTorch: " + e, e);
        }
        try {
            probe(model.getBlock(), model.getNDManager(), card, file);
            return ScoringModel.torchScript(card, model);
        } catch (ModelLoadException e) {
            model.close();
            throw e;
        } catch (RuntimeException e) {
            model.close();
            throw new ModelLoadException(file, "TorchScript model " + file + " does not take the card's input "
                    + Networks.inputShape(card, 1) + ": " + e, e);
        }
    }

    /** Every parameter must have the shape a freshly built network for the card would give it. */
    private static void requireShapesMatch(Block loaded, ModelCard card, Path dir) throws ModelLoadException {
        Block reference = Networks.build(card);
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu(), Networks.ENGINE)) {
            reference.initialize(scratch, DataType.FLOAT32, Networks.inputShape(card, 1));
            PairList<String, Parameter> expected = reference.getParameters();
            PairList<String, Parameter> actual = loaded.getParameters();
            for (int i = 0; i < expected.size(); i++) {
                Pair<String, Parameter> want = expected.get(i);
                Shape got = actual.get(i).getValue().getArray().getShape();
                Shape need = want.getValue().getArray().getShape();
                if (!got.equals(need)) {
                    throw new ModelLoadException(dir, "weights in " + dir + " do not match the card: parameter "
                            + want.getKey() + " has shape " + got + " but a " + card.architectureName() + " with "
                            + card.classes().size() + " classes and " + card.channels() + " channels needs " + need);
                }
            }
        }
    }

    /** One forward of a zero image of the card's shape must give one logit per class. */
    private static void probe(Block block, NDManager parent, ModelCard card, Path where) throws ModelLoadException {
        try (NDManager manager = parent.newSubManager()) {
            NDList out = block.forward(new ParameterStore(manager, false),
                    new NDList(manager.zeros(Networks.inputShape(card, 1))), false);
            Shape got = out.head().getShape();
            Shape want = new Shape(1, card.classes().size());
            if (!got.equals(want)) {
                throw new ModelLoadException(where, "model at " + where + " outputs " + got + " for one image, but the card lists "
                        + card.classes().size() + " classes " + card.classes());
            }
        }
    }

    private static Path findTorchScript(Path dir) throws ModelLoadException {
        List<Path> found = listOrFail(dir, "*.pt");
        if (found.size() > 1) {
            throw new ModelLoadException(dir, dir + " holds " + found.size() + " .pt files; keep one, or pass the file itself");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Path> weightFiles(Path dir) throws IOException {
        return list(dir, WEIGHTS_PREFIX + "-*.params");
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(out::add);
        }
        return out;
    }

    private static List<Path> listOrFail(Path dir, String glob) throws ModelLoadException {
        try {
            return list(dir, glob);
        } catch (IOException e) {
            throw new ModelLoadException(dir, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
