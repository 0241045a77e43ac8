package org.gbscan.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.gbscan.core.SopClass;
import org.gbscan.core.dicom.DicomFiles;
import org.gbscan.core.testing.Fixtures;
import org.gbscan.core.testing.Processes;
import org.gbscan.core.testing.RawDicomPeer;
import org.gbscan.core.testing.TestStudies;
import org.gbscan.phantom.PhantomGenerator;
import org.gbscan.phantom.PhantomOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz campaign against the running listener: seeded mutations of phantom instances (truncations, length
 * and VR corruptions, deep nesting, huge geometry, wrong UIDs, garbage) and of association PDUs, with a
 * valid instance after every ninth case and a C-ECHO every 50. Passes when nothing hangs (every read is
 * bounded), no thread dies, the listener still answers C-ECHO, and every valid instance is in the spool.
 * Reproduce a run with {@code -Dfuzz.seed=N -Dfuzz.cases=M}; {@code bench/fuzz.sh} runs a long one.
 */
class ListenerFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 16L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 1000);
    private static final int MAX_PDV = 16 * 1024;
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    /** Context ids follow the order of this list: 1, 3, 5, 7, 9. */
    private static final List<String[]> CONTEXTS = List.of(
            new String[] {SopClass.US_IMAGE.uid(), RawDicomPeer.EXPLICIT_VR_LE},
            new String[] {SopClass.US_MULTIFRAME_IMAGE.uid(), RawDicomPeer.EXPLICIT_VR_LE},
            new String[] {SopClass.US_MULTIFRAME_IMAGE.uid(), JPEG_BASELINE},
            new String[] {SopClass.US_IMAGE.uid(), JPEG_BASELINE},
            new String[] {"1.2.840.10008.1.1", "1.2.840.10008.1.2"});
    private static final int ECHO_CONTEXT = 9;

    @TempDir
    Path tmp;

    /** A mutation base or a valid instance: data set bytes and the command's identity. */
    record Instance(String sopClass, String sopInstance, String transferSyntax, byte[] dataSet) {
        int contextId() {
            boolean jpeg = JPEG_BASELINE.equals(transferSyntax);
            if (sopClass.equals(SopClass.US_IMAGE.uid())) {
                return jpeg ? 7 : 1;
            }
            return jpeg ? 5 : 3;
        }
    }

    /** The campaign's tally. */
    static final class Tally {
        final SortedMap<String, Integer> byKind = new TreeMap<>();
        final SortedMap<String, Integer> byOutcome = new TreeMap<>();
        int cases;
        int validSent;
        int echoes;

        void count(Mutations.Kind kind, String outcome) {
            cases++;
            byKind.merge(kind.name(), 1, Integer::sum);
            byOutcome.merge(outcome, 1, Integer::sum);
        }

        @Override
        public String toString() {
            return "fuzz: " + cases + " cases, " + validSent + " valid instances, " + echoes + " C-ECHOs; outcomes "
                    + byOutcome + "; kinds " + byKind;
        }
    }

    @Test
    void aThousandMutatedInstancesAndPdusNeitherCrashNorHangTheListenerAndEveryValidInstanceIsSpooled() throws Exception {
        List<Throwable> deaths = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> deaths.add(e));
        List<Instance> bases = phantomInstances();
        List<Instance> sentValid = new ArrayList<>();
        Tally tally = new Tally();
        long start = System.nanoTime();
        // every read is bounded (15 s) so a hang fails its case; this bounds a campaign that merely crawls
        Duration budget = Duration.ofSeconds(120 + CASES / 5);
        try (ListenerFixture fx = new ListenerFixture(tmp.resolve("spool"), Duration.ofMillis(500),
                Map.of("listener.maxPerPeer", "64", "listener.threads", "32", "listener.pduTimeout", "2s",
                        "listener.associateTimeout", "2s"))) {
            Random seeds = new Random(SEED);
            RawDicomPeer peer = null;
            for (int i = 0; i < CASES; i++) {
                Random r = new Random(seeds.nextLong());
                Mutations.Kind kind = Mutations.pick(r);
                Instance base = bases.get(r.nextInt(bases.size()));
                String outcome;
                if (kind.onFreshConnection()) {
                    outcome = associationCase(fx.port(), kind, base, r, i);
                } else {
                    if (peer == null) {
                        peer = associate(fx.port());
                    }
                    outcome = dataSetCase(peer, kind, base, r, i);
                    if (outcome.equals("aborted")) {
                        peer.close();
                        peer = null;
                    }
                }
                tally.count(kind, outcome);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("campaign time after case %d", i).isLessThan(budget);
                if (i % 9 == 8) {
                    if (peer == null) {
                        peer = associate(fx.port());
                    }
                    Instance valid = validInstance(i);
                    assertThat(store(peer, valid, valid.sopInstance(), valid.dataSet(), i))
                            .as("valid instance after case %d (seed %d)", i, SEED).isZero();
                    sentValid.add(valid);
                    tally.validSent++;
                }
                if (i % 50 == 49) {
                    if (peer == null) {
                        peer = associate(fx.port());
                    }
                    assertThat(echo(peer, i)).as("C-ECHO after case %d (seed %d)", i, SEED).isZero();
                    tally.echoes++;
                }
            }
            if (peer != null) {
                peer.close();
            }
            Processes.Result echo = Processes.echoscu("MODALITY", "GBSCAN", fx.port());
            assertThat(echo.ok()).as(echo.output()).isTrue();
            try (Stream<Path> s = Files.walk(fx.listener.spoolDir())) {
                List<String> spooled = s.map(p -> p.getFileName().toString()).toList();
                assertThat(spooled).containsAll(sentValid.stream().map(v -> v.sopInstance() + ".dcm").toList());
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        System.out.printf("%s; seed %d; crashes %d; %.1f s%n", tally, SEED, deaths.size(), (System.nanoTime() - start) / 1e9);
        assertThat(deaths).as("threads that died").isEmpty();
        assertThat(tally.cases).isEqualTo(CASES);
        assertThat(tally.byOutcome).doesNotContainKey("hang");
    }

    /** One mutated data set on the shared association: the response status, or "aborted" if the SCP ended it. */
    private String dataSetCase(RawDicomPeer peer, Mutations.Kind kind, Instance base, Random r, int i) throws IOException {
        String sopInstance = base.sopInstance();
        byte[] ds = switch (kind) {
            case TRUNCATE -> Mutations.truncate(r, base.dataSet());
            case FLIP_BYTES -> Mutations.flipBytes(r, base.dataSet());
            case CORRUPT_LENGTH -> Mutations.corruptLength(r, base.dataSet());
            case CORRUPT_VR -> Mutations.corruptVr(r, base.dataSet());
            case DEEP_NESTING -> Mutations.deepNesting(r, base.dataSet());
            case HUGE_GEOMETRY -> Mutations.hugeGeometry(r, base.dataSet());
            case GARBAGE -> Mutations.garbage(r);
            case SPLICE -> Mutations.splice(r, base.dataSet());
            case WRONG_UID -> {
                sopInstance = Mutations.otherUid();
                yield base.dataSet();
            }
            default -> throw new IllegalArgumentException(kind.name());
        };
        try {
            return String.format("0x%04X", store(peer, base, sopInstance, ds, i));
        } catch (SocketTimeoutException e) {
            return "hang";
        } catch (IOException e) {
            return "aborted";
        }
    }

    /** A hostile association on its own connection; the SCP must close it promptly once we stop sending. */
    private String associationCase(int port, Mutations.Kind kind, Instance base, Random r, int i) throws IOException {
        try (RawDicomPeer peer = RawDicomPeer.connect(port)) {
            peer.setReadTimeout(Duration.ofSeconds(15));
            byte[] rq = RawDicomPeer.associateRequest("GBSCAN", "FUZZ", CONTEXTS);
            if (kind == Mutations.Kind.MUTATED_ASSOCIATE_RQ) {
                peer.send(Mutations.mutateAssociateRequest(r, rq));
            } else {
                peer.send(rq);
                if (peer.readPduType() != RawDicomPeer.ASSOCIATE_AC) {
                    return "not-associated";
                }
                byte[] command = RawDicomPeer.pData(base.contextId(), true, true,
                        RawDicomPeer.cStoreRequest(base.sopClass(), base.sopInstance(), i));
                switch (kind) {
                    case MUTATED_PDU_HEADER -> peer.send(Mutations.mutatePdu(r, command));
                    case MUTATED_COMMAND -> peer.send(Mutations.flipBytes(r, command));
                    case ABORT_MIDWAY -> {
                        peer.send(command);
                        byte[] half = java.util.Arrays.copyOf(base.dataSet(), base.dataSet().length / 2);
                        peer.send(RawDicomPeer.pData(base.contextId(), false, false, java.util.Arrays.copyOf(half, Math.min(half.length, MAX_PDV))));
                        if (r.nextBoolean()) {
                            peer.send(RawDicomPeer.abortPdu());
                        }
                    }
                    default -> throw new IllegalArgumentException(kind.name());
                }
            }
            peer.finishSending();
            return peer.drainUntilClosed() ? "closed" : "hang";
        }
    }

    private static RawDicomPeer associate(int port) throws IOException {
        RawDicomPeer peer = RawDicomPeer.connect(port);
        peer.send(RawDicomPeer.associateRequest("GBSCAN", "FUZZ", CONTEXTS));
        int answer = peer.readPduType();
        if (answer != RawDicomPeer.ASSOCIATE_AC) {
            peer.close();
            throw new IOException("the listener did not accept an association (PDU type " + answer + ")");
        }
        return peer;
    }

    private static int store(RawDicomPeer peer, Instance base, String sopInstance, byte[] dataSet, int messageId) throws IOException {
        peer.send(RawDicomPeer.pData(base.contextId(), true, true, RawDicomPeer.cStoreRequest(base.sopClass(), sopInstance, messageId & 0xffff)));
        peer.sendDataSet(base.contextId(), dataSet.length == 0 ? new byte[2] : dataSet, MAX_PDV);
        return peer.readResponseStatus();
    }

    private static int echo(RawDicomPeer peer, int messageId) throws IOException {
        peer.send(RawDicomPeer.pData(ECHO_CONTEXT, true, true, RawDicomPeer.cEchoRequest(messageId & 0xffff)));
        return peer.readResponseStatus();
    }

    /** Phantom studies (B-mode frames and cines, uncompressed and JPEG) as mutation bases. */
    private List<Instance> phantomInstances() throws IOException {
        Path out = tmp.resolve("phantom");
        PhantomGenerator.generate(PhantomOptions.of(2, SEED, out).withSize(128, 96).withCineFraction(0.5).withThreads(1));
        List<Instance> list = new ArrayList<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                list.add(instanceOf(f));
            }
        }
        assertThat(list).isNotEmpty();
        return list;
    }

    /** A fresh, valid, tiny instance (its own study) for the checks between cases. */
    private Instance validInstance(int i) throws IOException {
        Path f = TestStudies.write(Files.createDirectories(tmp.resolve("valid")),
                Fixtures.instance(Fixtures.study("VALID" + i), SopClass.US_IMAGE, 1), 16, 16);
        return instanceOf(f);
    }

    private static Instance instanceOf(Path file) throws IOException {
        try {
            var ref = DicomFiles.readRef(file);
            return new Instance(ref.sopClassUid(), ref.sopInstanceUid(), DicomFiles.transferSyntaxUid(file), HostileDicom.dataSet(file));
        } catch (org.gbscan.core.dicom.BadDicomException e) {
            throw new IOException(e);
        }
    }
}
