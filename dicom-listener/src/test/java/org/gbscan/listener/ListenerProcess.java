package org.gbscan.listener;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gbscan.core.Config;
import org.gbscan.core.dicom.DicomFiles;

/**
 * A listener in its own JVM, so a test can kill it with SIGKILL: args = spool dir, port file. It never
 * settles a study during the test, writes its port to the port file (atomically) and waits to be killed.
 */
public final class ListenerProcess {
    private ListenerProcess() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.of(Map.of("listener.host", "127.0.0.1", "listener.port", "0",
                "listener.spool.dir", args[0], "listener.settle", "10m", "listener.allowAnyCaller", "true"));
        DicomListener listener = DicomListener.start(ListenerSettings.from(config), e -> { }, new SimpleMeterRegistry());
        DicomFiles.writeAtomically(Path.of(args[1]), out -> out.write(Integer.toString(listener.port()).getBytes()));
        Thread.currentThread().join();
    }

    static int readPort(Path portFile) throws java.io.IOException {
        return Integer.parseInt(Files.readString(portFile).trim());
    }
}
