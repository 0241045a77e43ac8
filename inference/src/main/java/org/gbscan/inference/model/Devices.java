package org.gbscan.inference.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.gbscan.inference.DjlEnvironment;

/** Device choice: {@code auto} = GPU 0 if the PyTorch engine sees one, else CPU; or forced. */
public final class Devices {
    static {
        DjlEnvironment.ensureOffline();
    }

    private Devices() {
    }

    public static Device auto() {
        return Engine.getEngine(Networks.ENGINE).getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /**
     * Resolves {@code auto|cpu|gpu|gpu:N}; asking for a GPU the engine does not see is an error, not a
     * silent fallback, so a misconfigured GPU host is noticed.
     */
    public static Device resolve(String choice) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        int gpus = Engine.getEngine(Networks.ENGINE).getGpuCount();
        if (c.equals("auto")) {
            return auto();
        }
        if (c.equals("cpu")) {
            return Device.cpu();
        }
        if (c.equals("gpu") || c.startsWith("gpu:")) {
            int id;
            try {
                id = c.equals("gpu") ? 0 : Integer.parseInt(c.substring(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("inference.device must be auto, cpu, gpu or gpu:N, got '" + choice + "'", e);
            }
            if (id >= gpus) {
                throw new IllegalArgumentException("inference.device=" + choice + " but the PyTorch engine sees "
                        + gpus + " GPU(s); install the CUDA native build (Maven profile cuda) or use cpu/auto");
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("inference.device must be auto, cpu, gpu or gpu:N, got '" + choice + "'");
    }
}
