package org.gbscan.web;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Reads the upload of {@code POST /api/score} into memory, either a {@code multipart/form-data} form
 * (the first file field) or the raw request body, and puts it on the context as an {@link Upload}.
 * Nothing touches the disk. A body over the limit is answered with 413 as soon as that is known (from
 * Content-Length, or while it streams in); the rest of it is read and dropped so the client gets the
 * answer instead of a reset connection, up to a cap after which the connection is closed.
 */
final class UploadReceiver implements Handler<RoutingContext> {
    static final String KEY = "gbscan.upload";
    /** Room for the multipart boundaries and part headers around the file itself. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final long limit;

    UploadReceiver(long limit) {
        this.limit = limit;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String contentType = request.getHeader("Content-Type");
        boolean multipart = contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
        Collector collector = new Collector(ctx, limit);
        long declared = declaredLength(request);
        if (declared > limit + (multipart ? MULTIPART_OVERHEAD : 0)) {
            collector.refuse();
        }
        if (multipart) {
            request.setExpectMultipart(true);
            request.uploadHandler(upload -> {
                boolean first = collector.startFile(upload.filename(), upload.contentType());
                upload.handler(first ? collector::append : collector::discard);
            });
        } else {
            collector.startFile(nameOf(request), contentType);
            request.handler(collector::append);
        }
        request.exceptionHandler(e -> {
            if (!collector.refused) {
                Outcomes.respond(ctx, ApiException.badRequest("the upload was interrupted: " + e.getMessage()));
            }
        });
        request.endHandler(v -> collector.finish(multipart));
        if (!collector.refused && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            // curl and other clients wait for this before sending a large body (the server does not send it by itself)
            ctx.response().writeContinue();
        }
        request.resume();
    }

    /** A raw body may name its file with {@code ?name=} or an {@code X-File-Name} header. */
    private static String nameOf(HttpServerRequest request) {
        String name = request.getParam("name");
        return name != null ? name : request.getHeader("X-File-Name");
    }

    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The body of one request, with its limit. Runs on the request's event loop only. */
    private static final class Collector {
        private final RoutingContext ctx;
        private final long limit;
        private Buffer body = Buffer.buffer();
        private long received;
        private boolean refused;
        private boolean hasFile;
        private String fileName = "";
        private String contentType = "";

        Collector(RoutingContext ctx, long limit) {
            this.ctx = ctx;
            this.limit = limit;
        }

        boolean startFile(String name, String type) {
            if (hasFile) {
                return false;
            }
            hasFile = true;
            fileName = name == null ? "" : name;
            contentType = type == null ? "" : type;
            return true;
        }

        void append(Buffer chunk) {
            received += chunk.length();
            if (refused) {
                dropOrClose();
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refuse();
                return;
            }
            body.appendBuffer(chunk);
        }

        void discard(Buffer chunk) {
            received += chunk.length();
            if (refused) {
                dropOrClose();
            }
        }

        /** Answers 413 now; what is still coming is read and dropped (see {@link #dropOrClose}). */
        void refuse() {
            if (refused) {
                return;
            }
            refused = true;
            body = Buffer.buffer(); // free what was read so far
            Outcomes.respond(ctx, ApiException.tooLarge(limit));
        }

        /** A client that keeps sending far beyond the limit is cut off rather than read forever. */
        private void dropOrClose() {
            if (received > 4 * limit + (1 << 20)) {
                ctx.request().connection().close();
            }
        }

        void finish(boolean multipart) {
            if (refused) {
                return;
            }
            if (multipart && !hasFile) {
                Outcomes.respond(ctx, ApiException.badRequest("the form has no file: send the photo or DICOM file as a"
                        + " multipart/form-data file field (e.g. 'file')"));
                return;
            }
            if (body.length() == 0) {
                Outcomes.respond(ctx, ApiException.badRequest("the upload is empty: send a JPEG or PNG photo or a DICOM file"));
                return;
            }
            ctx.put(KEY, new Upload(body.getBytes(), fileName, contentType));
            ctx.next();
        }
    }
}
