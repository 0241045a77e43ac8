package org.gbscan.core.dicom.net;

import com.pixelmed.network.Association;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PixelMed waits a fixed 5 s (a private static "ARTIM" value) after sending A-RELEASE-RP or A-ABORT before
 * it closes the connection, on a monitor nothing wakes, so the association's thread and slot stay taken
 * after the peer has gone (with 100 ms here, 300 quick associations still left 55 counted active). The
 * wait PS3.8 asks for, until the peer closes or ARTIM, is done before it by {@link ClosingHandshake}; this
 * cuts PixelMed's own to 1 ms (0 would mean forever). Set once, by reflection; if the field is ever renamed
 * we keep PixelMed's value and say so.
 */
final class PixelMedTuning {
    private static final Logger log = LoggerFactory.getLogger(PixelMedTuning.class);
    private static final int ARTIM_MS = 1;
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
            log.warn("cannot shorten PixelMed's 5 s close delay ({}); each association holds its thread and slot 5 s longer",
                    e.toString());
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
