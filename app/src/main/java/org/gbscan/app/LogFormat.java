package org.gbscan.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches the console appender of logback.xml to Logback's own JSON encoder when {@code log.format=json}:
 * one JSON object per line with timestamp, level, logger, message and the MDC (where the route puts the
 * study's log tag under {@code study}). Done in code because the format is a gbscan setting, read after
 * logback has configured itself.
 */
final class LogFormat {
    private LogFormat() {
    }

    static void apply(LogSettings settings) {
        if (settings.format() != LogSettings.Format.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Iterator<Appender<ILoggingEvent>> appenders = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (appenders.hasNext()) {
            if (appenders.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                json.start();
                console.stop();
                console.setEncoder(json);
                console.start();
            }
        }
    }
}
