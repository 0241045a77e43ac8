package org.gbscan.app;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one clear line on stderr and exit code 1; the stack trace
 * only with GBSCAN_DEBUG=1. A user running a CLI wants the reason, not a Java trace.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println("gbscan " + cli.getCommandName() + ": " + describe(e));
        if ("1".equals(System.getenv("GBSCAN_DEBUG"))) {
            e.printStackTrace(cli.getErr());
        }
        return 1;
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(" (").append(cause.getMessage()).append(")");
            }
        }
        return text.toString();
    }
}
