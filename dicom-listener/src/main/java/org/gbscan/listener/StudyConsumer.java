package org.gbscan.listener;

/**
 * Where complete studies go: a Camel {@code ProducerTemplate} ({@code ev -> template.sendBody(uri, ev)}) or
 * any callback. Called on the settler's thread, so it should hand off quickly (seda / queue). If it throws,
 * the same revision is offered again after another settle period.
 */
@FunctionalInterface
public interface StudyConsumer {
    void accept(StudyReady study) throws Exception;
}
