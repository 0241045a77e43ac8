package org.gbscan.core.audit;

/**
 * Where audit records go. Implementations must return quickly (they are called on association threads
 * and the HTTP event loop) and must not throw: a failing audit store is logged, not fatal to the request.
 */
@FunctionalInterface
public interface AuditSink {
    AuditSink NONE = r -> {
    };

    void record(AuditRecord record);
}
