package org.gbscan.listener;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.gbscan.core.Uids;

/**
 * Seeded mutations of DICOM data sets and association PDUs for the fuzz campaign. Every mutation takes its
 * randomness from the {@link Random} it is given, so a case is reproduced from the seed and its index.
 * Data sets are Explicit VR Little Endian (the phantom's and the test writer's encoding).
 */
final class Mutations {
    /** What a case does to the bytes; the name is the tag in the campaign's report. */
    enum Kind {
        TRUNCATE, FLIP_BYTES, CORRUPT_LENGTH, CORRUPT_VR, DEEP_NESTING, HUGE_GEOMETRY, WRONG_UID, GARBAGE, SPLICE,
        // association level, each on a fresh connection
        MUTATED_ASSOCIATE_RQ, MUTATED_PDU_HEADER, MUTATED_COMMAND, ABORT_MIDWAY;

        boolean onFreshConnection() {
            return ordinal() >= MUTATED_ASSOCIATE_RQ.ordinal();
        }
    }

    private static final Kind[] KINDS = Kind.values();
    private static final long[] HOSTILE_LENGTHS = {0xFFFFFFFFL, 0x7FFFFFF0L, 0xFFFFFFF0L, 0x10000000L, 1, 3};

    private Mutations() {
    }

    static Kind pick(Random r) {
        return KINDS[r.nextInt(KINDS.length)];
    }

    /**
     * Offsets of the element headers of an Explicit VR LE data set, nested ones included (it steps into
     * sequences and items, and over encapsulated pixel fragments); stops at anything it cannot read.
     */
    static List<Integer> elementOffsets(byte[] ds) {
        List<Integer> offsets = new ArrayList<>();
        int pos = 0;
        boolean inPixels = false;
        while (pos + 8 <= ds.length) {
            int group = (ds[pos] & 0xff) | (ds[pos + 1] & 0xff) << 8;
            if (group == 0xFFFE) {
                long itemLength = le32(ds, pos + 4);
                pos += 8;
                if (inPixels && itemLength != 0xFFFFFFFFL) {
                    pos += (int) Math.min(itemLength, ds.length);
                }
                continue;
            }
            String vr = new String(ds, pos + 4, 2, java.nio.charset.StandardCharsets.US_ASCII);
            long length;
            int header;
            if (Sets.LONG_VRS.contains(vr)) {
                if (pos + 12 > ds.length) {
                    break;
                }
                length = le32(ds, pos + 8);
                header = 12;
            } else if (vr.matches("[A-Z]{2}")) {
                length = (ds[pos + 6] & 0xff) | (ds[pos + 7] & 0xff) << 8;
                header = 8;
            } else {
                break;
            }
            offsets.add(pos);
            if (length == 0xFFFFFFFFL) {
                inPixels = group == 0x7FE0;
                pos += header; // walk into the sequence or the encapsulated pixel data
            } else if (vr.equals("SQ")) {
                pos += header;
            } else {
                pos += header + (int) Math.min(length, ds.length);
            }
        }
        return offsets;
    }

    static byte[] truncate(Random r, byte[] ds) {
        return Arrays.copyOf(ds, r.nextInt(ds.length));
    }

    static byte[] flipBytes(Random r, byte[] ds) {
        byte[] b = ds.clone();
        for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
            b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
        }
        return b;
    }

    static byte[] corruptLength(Random r, byte[] ds) {
        byte[] b = ds.clone();
        List<Integer> offsets = elementOffsets(b);
        int at = offsets.get(r.nextInt(offsets.size()));
        String vr = new String(b, at + 4, 2, java.nio.charset.StandardCharsets.US_ASCII);
        long length = r.nextBoolean() ? HOSTILE_LENGTHS[r.nextInt(HOSTILE_LENGTHS.length)] : r.nextInt() & 0xFFFFFFFFL;
        if (Sets.LONG_VRS.contains(vr)) {
            putLe32(b, at + 8, length);
        } else {
            b[at + 6] = (byte) length;
            b[at + 7] = (byte) (length >> 8);
        }
        return b;
    }

    static byte[] corruptVr(Random r, byte[] ds) {
        byte[] b = ds.clone();
        List<Integer> offsets = elementOffsets(b);
        int at = offsets.get(r.nextInt(offsets.size()));
        if (r.nextBoolean()) {
            String[] vrs = {"SQ", "OB", "UN", "UT", "US", "AE", "ZZ", "OW"};
            String vr = vrs[r.nextInt(vrs.length)];
            b[at + 4] = (byte) vr.charAt(0);
            b[at + 5] = (byte) vr.charAt(1);
        } else {
            b[at + 4] = (byte) r.nextInt(256);
            b[at + 5] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Nested sequences after the last element; a third of them stay within the depth limit (32). */
    static byte[] deepNesting(Random r, byte[] ds) {
        int depth = r.nextInt(3) == 0 ? 1 + r.nextInt(30) : 33 + r.nextInt(50_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream(ds.length + depth * 36);
        out.writeBytes(ds);
        byte[] open = {(byte) 0xFA, (byte) 0xFF, (byte) 0xFA, (byte) 0xFF, 'S', 'Q', 0, 0, -1, -1, -1, -1,
            (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1};
        byte[] close = {(byte) 0xFE, (byte) 0xFF, 0x0D, (byte) 0xE0, 0, 0, 0, 0, (byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0};
        for (int i = 0; i < depth; i++) {
            out.writeBytes(open);
        }
        int closes = r.nextInt(4) == 0 ? r.nextInt(depth) : depth; // sometimes never closed
        for (int i = 0; i < closes; i++) {
            out.writeBytes(close);
        }
        return out.toByteArray();
    }

    /** Rows, Columns, Samples per Pixel or Bits Allocated set to something huge or absurd. */
    static byte[] hugeGeometry(Random r, byte[] ds) {
        byte[] b = ds.clone();
        int[] values = {0xFFFF, 16384, 8192, 4097, 0};
        int element = new int[] {0x0010, 0x0011, 0x0002, 0x0100}[r.nextInt(4)];
        int value = values[r.nextInt(values.length)];
        for (int at : elementOffsets(b)) {
            if (le16(b, at) == 0x0028 && le16(b, at + 2) == element && b[at + 4] == 'U' && b[at + 5] == 'S') {
                b[at + 8] = (byte) value;
                b[at + 9] = (byte) (value >> 8);
            }
        }
        return b;
    }

    static byte[] garbage(Random r) {
        byte[] b = new byte[1 + r.nextInt(4096)];
        r.nextBytes(b);
        return b;
    }

    /** A random slice of the data set copied to a random place in it. */
    static byte[] splice(Random r, byte[] ds) {
        int from = r.nextInt(ds.length);
        int len = 1 + r.nextInt(Math.min(512, ds.length - from));
        int to = r.nextInt(ds.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ds, 0, to);
        out.write(ds, from, len);
        out.write(ds, to, ds.length - to);
        return out.toByteArray();
    }

    static String otherUid() {
        return Uids.random();
    }

    /** Flips, truncates or re-lengths bytes of an A-ASSOCIATE-RQ (its 6-byte PDU header included). */
    static byte[] mutateAssociateRequest(Random r, byte[] rq) {
        return switch (r.nextInt(4)) {
            case 0 -> flipBytes(r, rq);
            case 1 -> Arrays.copyOf(rq, r.nextInt(rq.length));
            case 2 -> {
                byte[] b = rq.clone();
                putBe32(b, 2, HOSTILE_LENGTHS[r.nextInt(HOSTILE_LENGTHS.length)]);
                yield b;
            }
            default -> {
                byte[] b = rq.clone();
                int at = 74 + r.nextInt(Math.max(1, b.length - 76)); // somewhere in the variable items
                b[at] = (byte) 0xFF;
                b[at + 1] = (byte) 0xFF;
                yield b;
            }
        };
    }

    /** A P-DATA-TF PDU with its type, PDU length or PDV length corrupted. */
    static byte[] mutatePdu(Random r, byte[] pdu) {
        byte[] b = pdu.clone();
        switch (r.nextInt(4)) {
            case 0 -> b[0] = (byte) r.nextInt(256);
            case 1 -> putBe32(b, 2, HOSTILE_LENGTHS[r.nextInt(HOSTILE_LENGTHS.length)]);
            case 2 -> putBe32(b, 6, HOSTILE_LENGTHS[r.nextInt(HOSTILE_LENGTHS.length)]);
            default -> b[10] = (byte) r.nextInt(256); // presentation context id
        }
        return b;
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static void putLe32(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    private static void putBe32(byte[] b, int at, long v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }

    private static final class Sets {
        static final java.util.Set<String> LONG_VRS = java.util.Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    }
}
