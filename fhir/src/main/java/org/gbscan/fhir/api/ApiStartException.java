package org.gbscan.fhir.api;

/** The HTTP server could not start (port taken, address not available ...). */
public class ApiStartException extends Exception {
    public ApiStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
