package org.gbscan.core.dicom.net;

import com.pixelmed.network.Association;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PixelMed waits a fixed 5 s (a private static "ARTIM" value) after sending A-RELEASE-RP or A-ABORT before
 * it closes the connection, holding the association thread. The peer has the PDU long before; at 100 ms
 * a short association no longer ties up an SCP thread for 5 s. Set once, by reflection; if the field is
 * ever renamed we keep PixelMed's value and say so.
 */
final class PixelMedTuning {
    private static final Logger log = LoggerFactory.getLogger(PixelMedTuning.class);
    private static final int ARTIM_MS = 100;
    private static volatile boolean applied;

    private PixelMedTuning() {
    }

    static synchronized void apply() {
        if (applied) {
            return;
        }
        applied = true;
        try {
            Field f = Association.class.getDeclaredField("associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
            f.setAccessible(true);
            f.setInt(null, ARTIM_MS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("cannot shorten PixelMed's 5 s close delay ({}); each association holds its thread 5 s longer", e.toString());
        }
    }

    /** PixelMed's initiator opens a plain {@code new Socket(host, port)}; switch Nagle off on it. */
    static void noDelay(Association association) {
        try {
            Field f = Association.class.getDeclaredField("socket");
            f.setAccessible(true);
            ((java.net.Socket) f.get(association)).setTcpNoDelay(true);
        } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
            log.debug("cannot set TCP_NODELAY on a PixelMed association: {}", e.toString());
        }
    }
}
