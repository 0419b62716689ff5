package io.tracebook.bpf.compile;

import io.tracebook.bpf.error.BpfException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 content hashes, as lowercase hex, for cache keys. */
final class Sha256 {
    private Sha256() {
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Hash of several strings; each is length-prefixed so that ("ab","c") and ("a","bc") differ. */
    static String ofParts(Iterable<String> parts) {
        MessageDigest md = digest();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            md.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
            md.update(bytes);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new BpfException("every JDK ships SHA-256", e);
        }
    }
}
