package org.gbscan.inference;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that switches DJL to offline mode before any engine starts; without it the engine's
 * first start tries to reach the network (native download, usage tracking).
 *
 * <p>Checked against DJL 0.33.0's bytecode ({@code ai.djl.util.Utils}, {@code ai.djl.util.Ec2Utils}):
 * <ul>
 *   <li>offline: {@code Utils.isOfflineMode()} reads env {@code DJL_OFFLINE}, falling back to the system
 *       property {@code ai.djl.offline};</li>
 *   <li>tracking: {@code Ec2Utils.callHome} is skipped when offline or when
 *       {@code Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING")} is true (env first, then system property);</li>
 *   <li>cache: {@code Utils.getCacheDir()} reads {@code DJL_CACHE_DIR} the same way (env, then property).</li>
 * </ul>
 * So system properties work whenever the environment does not say otherwise; an environment variable
 * always wins, which is why this class only fills in what is missing and warns about an explicit
 * {@code DJL_OFFLINE=false}.
 */
public final class DjlEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(DjlEnvironment.class);
    private static volatile boolean done;

    private DjlEnvironment() {
    }

    /** Idempotent and cheap; call it from the static initialiser of every class that touches DJL. */
    public static void ensureOffline() {
        if (done) {
            return;
        }
        synchronized (DjlEnvironment.class) {
            if (done) {
                return;
            }
            setIfAbsent("ai.djl.offline", "true");
            setIfAbsent("OPT_OUT_TRACKING", "true");
            if (System.getenv("DJL_CACHE_DIR") == null) {
                setIfAbsent("DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".cache", "gbscan", "djl").toString());
            }
            String envOffline = System.getenv("DJL_OFFLINE");
            if (envOffline != null && !Boolean.parseBoolean(envOffline)) {
                LOG.warn("environment sets DJL_OFFLINE={}, which overrides ai.djl.offline: DJL may try the network", envOffline);
            }
            done = true;
        }
    }

    /**
     * PyTorch's intra- and inter-op CPU threads for this process, read once when the engine starts (DJL 0.33
     * {@code PtEngine}: system properties {@code ai.djl.pytorch.num_threads} and {@code num_interop_threads}); call it
     * before the first model loads. 0 leaves PyTorch's default (one per core). Explicit system properties win.
     */
    public static void threads(int threads) {
        if (threads > 0) {
            setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
            setIfAbsent("ai.djl.pytorch.num_interop_threads", Integer.toString(threads));
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
