package org.gbscan.web;

import java.util.Objects;

/**
 * One uploaded file, held in memory only (never written to disk).
 *
 * @param fileName    the name the browser sent, or empty (used in messages and to recognise {@code .dcm})
 * @param contentType the declared media type, or empty; only a hint: the bytes decide
 */
record Upload(byte[] bytes, String fileName, String contentType) {
    Upload {
        Objects.requireNonNull(bytes, "bytes");
        fileName = Objects.requireNonNullElse(fileName, "");
        contentType = Objects.requireNonNullElse(contentType, "");
    }

    /** A name for messages: the file name, or "the upload" when the client sent none. */
    String displayName() {
        return fileName.isBlank() ? "the upload" : fileName;
    }
}
