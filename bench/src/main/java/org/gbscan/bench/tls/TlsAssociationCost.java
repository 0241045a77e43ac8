package org.gbscan.bench.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.gbscan.core.dicom.net.ScpObserver;
import org.gbscan.core.dicom.net.ScpSettings;
import org.gbscan.core.dicom.net.StoreOutcome;
import org.gbscan.core.dicom.net.StoreScp;
import org.gbscan.core.tls.ServerTls;
import org.gbscan.core.tls.TlsPolicy;

/**
 * What DICOM TLS costs per association on our SCP: the time from connect to A-RELEASE-RP of an association
 * that only negotiates Verification, in clear text and over TLS (1.3 and 1.2, RSA-2048 and EC P-256
 * certificates made with openssl), on loopback, one association after another (no session resumption:
 * every association a full handshake, the worst case of one association per study).
 * Usage: TlsAssociationCost [associations=300] [workDir]
 */
public final class TlsAssociationCost {
    private TlsAssociationCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/bench-tls"));
        for (String kind : List.of("rsa", "ec")) {
            certificate(work, kind);
        }
        try (StoreScp plain = scp(work, null)) {
            report("clear text", measure(plain.port(), null, null, n));
            System.out.printf("  (associations the SCP still counts right after the loop: %d)%n", plain.activeAssociations());
        }
        for (String kind : List.of("rsa", "ec")) {
            ServerTls tls = ServerTls.load(work.resolve(kind + ".pem"), work.resolve(kind + ".key"), null);
            try (StoreScp secure = scp(work, tls)) {
                SSLContext client = TlsPolicy.context(null, TlsPolicy.trustOnly(work.resolve(kind + ".pem")));
                report("TLS 1.3 " + kind.toUpperCase(), measure(secure.port(), client, "TLSv1.3", n));
                report("TLS 1.2 " + kind.toUpperCase(), measure(secure.port(), client, "TLSv1.2", n));
            }
        }
    }

    private static StoreScp scp(Path work, ServerTls tls) throws IOException {
        // room for the threads of released associations still winding down while the next one opens
        ScpSettings s = ScpSettings.loopback("GBSCAN", work.resolve("incoming")).withMaxAssociations(2000);
        return StoreScp.start(tls == null ? s : s.withTls(tls), (f, ts, ae) -> StoreOutcome.stored(), ScpObserver.NONE);
    }

    private static void certificate(Path dir, String kind) throws Exception {
        String key = kind.equals("rsa") ? "rsa:2048" : "ec";
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", key));
        if (kind.equals("ec")) {
            cmd.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        cmd.addAll(List.of("-nodes", "-keyout", kind + ".key", "-out", kind + ".pem", "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl failed: " + out);
        }
    }

    /** Microseconds per association, sorted; the first fifth is warm-up and dropped. */
    private static long[] measure(int port, SSLContext tls, String protocol, int n) throws IOException {
        int warmup = Math.max(20, n / 5);
        long[] micros = new long[n];
        for (int i = -warmup; i < n; i++) {
            long t0 = System.nanoTime();
            try (Socket s = open(port, tls, protocol)) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                DataInputStream in = new DataInputStream(s.getInputStream());
                out.write(associateRequest());
                out.flush();
                expect(in, 0x02);
                out.write(new byte[] {5, 0, 0, 0, 0, 4, 0, 0, 0, 0});
                out.flush();
                expect(in, 0x06);
            }
            if (i >= 0) {
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
        }
        Arrays.sort(micros);
        return micros;
    }

    private static Socket open(int port, SSLContext tls, String protocol) throws IOException {
        if (tls == null) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port));
            return s;
        }
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        s.setEnabledProtocols(new String[] {protocol});
        s.startHandshake();
        s.getSession().invalidate(); // never resumed: the next association pays a full handshake too
        return s;
    }

    private static void expect(DataInputStream in, int type) throws IOException {
        int got = in.readUnsignedByte();
        in.readUnsignedByte();
        int length = in.readInt();
        in.skipNBytes(length);
        if (got != type) {
            throw new IOException("expected PDU type " + type + ", got " + got);
        }
    }

    private static void report(String what, long[] micros) {
        System.out.printf("%-14s n=%d  median %6.2f ms  p90 %6.2f ms  p99 %6.2f ms%n", what, micros.length,
                micros[micros.length / 2] / 1000.0, micros[(int) (micros.length * 0.9)] / 1000.0,
                micros[(int) (micros.length * 0.99)] / 1000.0);
    }

    /** A-ASSOCIATE-RQ, GBSCAN <- BENCH, one presentation context: Verification, Implicit VR LE. */
    private static byte[] associateRequest() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 1, 0, 0});
        body.writeBytes(String.format("%-16s", "GBSCAN").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(String.format("%-16s", "BENCH").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[32]);
        body.writeBytes(item(0x10, "1.2.840.10008.3.1.1.1".getBytes(StandardCharsets.US_ASCII)));
        ByteArrayOutputStream pc = new ByteArrayOutputStream();
        pc.writeBytes(new byte[] {1, 0, 0, 0});
        pc.writeBytes(item(0x30, "1.2.840.10008.1.1".getBytes(StandardCharsets.US_ASCII)));
        pc.writeBytes(item(0x40, "1.2.840.10008.1.2".getBytes(StandardCharsets.US_ASCII)));
        body.writeBytes(item(0x20, pc.toByteArray()));
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        user.writeBytes(item(0x51, new byte[] {0, 0, 0x40, 0}));
        user.writeBytes(item(0x52, "1.2.826.0.1.3680043.9.7777.1".getBytes(StandardCharsets.US_ASCII)));
        body.writeBytes(item(0x50, user.toByteArray()));
        byte[] b = body.toByteArray();
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        pdu.writeBytes(new byte[] {1, 0, (byte) (b.length >> 24), (byte) (b.length >> 16), (byte) (b.length >> 8), (byte) b.length});
        pdu.writeBytes(b);
        return pdu.toByteArray();
    }

    private static byte[] item(int type, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) type, 0, (byte) (value.length >> 8), (byte) value.length});
        out.writeBytes(value);
        return out.toByteArray();
    }
}
