package org.gbscan.listener;

import java.util.ArrayList;
import java.util.List;

/**
 * A JVM whose worker thread runs out of heap while its main thread lives on, as a Camel consumer thread
 * did on a decompression bomb: without -XX:+ExitOnOutOfMemoryError the process carries on without it.
 */
public final class OomVictim {
    private OomVictim() {
    }

    public static void main(String[] args) throws Exception {
        Thread worker = new Thread(() -> {
            List<byte[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new byte[16 << 20]);
            }
        }, "consumer");
        worker.start();
        worker.join();
        System.out.println("worker died; main thread still running");
        Thread.sleep(60_000);
    }
}
