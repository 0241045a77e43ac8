package org.gbscan.core;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * UIDs under our own root, {@code 2.25.<uuid as decimal>} (PS3.5 B.2). Random ones for new objects,
 * derived ones (name-based, SHA-256) for results, so that a retry of the same study and model
 * produces the same UIDs and replaces rather than duplicates.
 */
public final class Uids {
    private static final Pattern VALID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private Uids() {
    }

    public static String random() {
        return fromUuid(UUID.randomUUID());
    }

    /** The same parts always give the same UID; different parts give different UIDs. */
    public static String derive(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            ByteBuffer bytes = ByteBuffer.wrap(sha.digest());
            long msb = bytes.getLong(), lsb = bytes.getLong();
            msb = (msb & ~0xF000L) | 0x8000L;             // version 8: custom name-based (RFC 9562)
            lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC variant
            return fromUuid(new UUID(msb, lsb));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    static String fromUuid(UUID uuid) {
        BigInteger value = new BigInteger(1, ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        return "2.25." + value;
    }

    public static boolean isValid(String uid) {
        return uid != null && !uid.isEmpty() && uid.length() <= 64 && VALID.matcher(uid).matches();
    }

    static void requireValid(String uid, String what) {
        if (!isValid(uid)) {
            throw new IllegalArgumentException(what + " is not a valid UID: '" + uid + "'");
        }
    }
}
