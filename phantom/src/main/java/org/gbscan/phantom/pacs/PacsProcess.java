package org.gbscan.phantom.pacs;

import java.util.concurrent.TimeUnit;

/** Ends a PACS stand-in's process: SIGTERM, then SIGKILL if it has not gone within 10 s. */
final class PacsProcess {
    private PacsProcess() {
    }

    static void end(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
