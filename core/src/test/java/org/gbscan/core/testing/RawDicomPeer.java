package org.gbscan.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately naive DICOM peer that writes PDUs byte by byte, so tests can send what no real SCU would:
 * garbage, absurd lengths, half a data set, an abort in the middle. Built from PS3.8 section 9.3, no library.
 */
public final class RawDicomPeer implements AutoCloseable {
    public static final int ASSOCIATE_AC = 0x02;
    public static final int ASSOCIATE_RJ = 0x03;
    public static final int P_DATA = 0x04;
    public static final int ABORT = 0x07;
    /** What {@link #readPduType()} returns when the SCP closed the connection. */
    public static final int CLOSED = -1;
    public static final String EXPLICIT_VR_LE = "1.2.840.10008.1.2.1";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawDicomPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawDicomPeer connect(int port) throws IOException {
        return new RawDicomPeer(new Socket("127.0.0.1", port));
    }

    /**
     * Connects to the SCP on 127.0.0.1 from another loopback address (Linux routes all of 127/8 to the
     * loopback), so a test can play a second peer whose per-address limits are separate from its own.
     */
    public static RawDicomPeer connectFrom(String localAddress, int port) throws IOException {
        return new RawDicomPeer(new Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                java.net.InetAddress.getByName(localAddress), 0));
    }

    /** Sends a data set as P-DATA PDUs of at most {@code maxPdv} value bytes, the last one flagged last. */
    public void sendDataSet(int contextId, byte[] dataSet, int maxPdv) throws IOException {
        int off = 0;
        do {
            int n = Math.min(maxPdv, dataSet.length - off);
            send(pData(contextId, false, off + n == dataSet.length, java.util.Arrays.copyOfRange(dataSet, off, off + n)));
            off += n;
        } while (off < dataSet.length);
    }

    /**
     * One C-STORE on the open association (presentation context 1), the data set in P-DATA values of at most
     * 16 KiB; returns the response's status.
     */
    public int cStore(String sopClassUid, String sopInstanceUid, byte[] dataSet, int messageId) throws IOException {
        send(pData(1, true, true, cStoreRequest(sopClassUid, sopInstanceUid, messageId)));
        sendDataSet(1, dataSet, 16 * 1024);
        return readResponseStatus();
    }

    /** Sends an A-RELEASE-RQ and returns the answer's PDU type (A-RELEASE-RP is 0x06). */
    public int release() throws IOException {
        send(releaseRequest());
        return readPduType();
    }

    /**
     * Writes bytes one at a time, {@code pause} apart, as a peer on a bad line (or a hostile one) would.
     *
     * @return how many bytes went out before the SCP closed the connection (all of them if it never did)
     */
    public int trickle(byte[] bytes, java.time.Duration pause) throws InterruptedException {
        for (int i = 0; i < bytes.length; i++) {
            try {
                out.write(bytes[i]);
                out.flush();
            } catch (IOException e) {
                return i;
            }
            Thread.sleep(pause.toMillis());
        }
        return bytes.length;
    }

    /** Over a socket the test opened itself (a TLS socket, say). */
    public static RawDicomPeer over(Socket socket) throws IOException {
        return new RawDicomPeer(socket);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends an A-ASSOCIATE-RQ with one presentation context (id 1) and returns the answer's PDU type. */
    public int associate(String calledAe, String callingAe, String sopClassUid) throws IOException {
        send(associateRequest(calledAe, callingAe, sopClassUid, EXPLICIT_VR_LE));
        return readPduType();
    }

    public static byte[] associateRequest(String calledAe, String callingAe, String abstractSyntax, String transferSyntax) {
        return associateRequest(calledAe, callingAe, java.util.List.<String[]>of(new String[] {abstractSyntax, transferSyntax}));
    }

    /** One presentation context per {abstract syntax, transfer syntax} pair, with ids 1, 3, 5 ... in order. */
    public static byte[] associateRequest(String calledAe, String callingAe, java.util.List<String[]> contexts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 1, 0, 0});
        body.writeBytes(ae(calledAe));
        body.writeBytes(ae(callingAe));
        body.writeBytes(new byte[32]);
        body.writeBytes(item(0x10, ascii("1.2.840.10008.3.1.1.1")));
        for (int i = 0; i < contexts.size(); i++) {
            ByteArrayOutputStream pc = new ByteArrayOutputStream();
            pc.writeBytes(new byte[] {(byte) (2 * i + 1), 0, 0, 0});
            pc.writeBytes(item(0x30, ascii(contexts.get(i)[0])));
            pc.writeBytes(item(0x40, ascii(contexts.get(i)[1])));
            body.writeBytes(item(0x20, pc.toByteArray()));
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        user.writeBytes(item(0x51, uint32(16384)));
        user.writeBytes(item(0x52, ascii("1.2.826.0.1.3680043.9.7777.1")));
        body.writeBytes(item(0x50, user.toByteArray()));
        return pdu(0x01, body.toByteArray());
    }

    /** A P-DATA-TF PDU with one PDV. */
    public static byte[] pData(int contextId, boolean command, boolean last, byte[] value) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(uint32(value.length + 2));
        body.write(contextId);
        body.write((command ? 1 : 0) | (last ? 2 : 0));
        body.writeBytes(value);
        return pdu(0x04, body.toByteArray());
    }

    public static byte[] abortPdu() {
        return pdu(0x07, new byte[] {0, 0, 0, 0});
    }

    public static byte[] releaseRequest() {
        return pdu(0x05, new byte[] {0, 0, 0, 0});
    }

    /** A C-STORE-RQ command set (Implicit VR Little Endian) announcing a data set. */
    public static byte[] cStoreRequest(String sopClassUid, String sopInstanceUid, int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0002, uidBytes(sopClassUid));
        element(body, 0x0100, us(0x0001));
        element(body, 0x0110, us(messageId));
        element(body, 0x0700, us(0));
        element(body, 0x0800, us(0x0000));
        element(body, 0x1000, uidBytes(sopInstanceUid));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        element(all, 0x0000, littleEndian32(body.size()));
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    /** A C-ECHO-RQ command set (Implicit VR Little Endian). */
    public static byte[] cEchoRequest(int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0002, uidBytes("1.2.840.10008.1.1"));
        element(body, 0x0100, us(0x0030));
        element(body, 0x0110, us(messageId));
        element(body, 0x0800, us(0x0101));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        element(all, 0x0000, littleEndian32(body.size()));
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    /** Stops sending (TCP half-close): the SCP reads end-of-stream, as from a peer that gave up mid-PDU. */
    public void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads and discards until the SCP closes the connection; false if it is still open after the read timeout. */
    public boolean drainUntilClosed() throws IOException {
        try {
            while (in.read(new byte[4096]) >= 0) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset by the SCP: closed
        }
    }

    public void setReadTimeout(java.time.Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** Reads one whole PDU and returns its type, or {@link #CLOSED} when the connection ended. */
    public int readPduType() throws IOException {
        return readPdu() == null ? CLOSED : lastType;
    }

    private int lastType;

    /** Reads a P-DATA PDU carrying a response command and returns its Status (0000,0900). */
    public int readResponseStatus() throws IOException {
        byte[] body = readPdu();
        if (body == null || lastType != P_DATA) {
            throw new IOException("expected a P-DATA response, got " + (body == null ? "connection closed" : "PDU type " + lastType));
        }
        int i = 6; // PDV length (4), context id, control header
        while (i + 8 <= body.length) {
            int element = (body[i + 2] & 0xff) | (body[i + 3] & 0xff) << 8;
            int length = (body[i + 4] & 0xff) | (body[i + 5] & 0xff) << 8 | (body[i + 6] & 0xff) << 16 | (body[i + 7] & 0xff) << 24;
            if (element == 0x0900) {
                return (body[i + 8] & 0xff) | (body[i + 9] & 0xff) << 8;
            }
            i += 8 + length;
        }
        throw new IOException("response has no Status element");
    }

    private byte[] readPdu() throws IOException {
        try {
            int type = in.readUnsignedByte();
            in.readUnsignedByte();
            long length = in.readInt() & 0xffffffffL;
            if (length > 1 << 20) {
                throw new IOException("SCP sent a PDU of " + length + " bytes");
            }
            byte[] body = new byte[(int) length];
            in.readFully(body);
            lastType = type;
            return body;
        } catch (EOFException | java.net.SocketException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static byte[] pdu(int type, byte[] body) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(type);
        all.write(0);
        all.writeBytes(uint32(body.length));
        all.writeBytes(body);
        return all.toByteArray();
    }

    private static byte[] item(int type, byte[] value) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(type);
        all.write(0);
        all.write(value.length >> 8 & 0xff);
        all.write(value.length & 0xff);
        all.writeBytes(value);
        return all.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int elementNumber, byte[] value) {
        out.writeBytes(new byte[] {0, 0, (byte) elementNumber, (byte) (elementNumber >> 8)});
        out.writeBytes(littleEndian32(value.length));
        out.writeBytes(value);
    }

    private static byte[] ae(String ae) {
        return ascii(String.format("%-16s", ae));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] uidBytes(String uid) {
        byte[] raw = ascii(uid);
        return raw.length % 2 == 0 ? raw : java.util.Arrays.copyOf(raw, raw.length + 1);
    }

    private static byte[] us(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    public static byte[] uint32(long v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    private static byte[] littleEndian32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }
}
