package org.gbscan.fhir.store;

/** The report store could not do what was asked (database unreachable, migration failed, SQL error). */
public class ReportStoreException extends Exception {
    public ReportStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
