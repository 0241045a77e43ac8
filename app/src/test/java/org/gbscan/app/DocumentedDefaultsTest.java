package org.gbscan.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gbscan.core.Config;
import org.gbscan.core.KnownKeys;
import org.gbscan.fhir.FhirSettings;
import org.gbscan.handoff.BrokerSettings;
import org.gbscan.inference.InferenceSettings;
import org.gbscan.listener.ListenerSettings;
import org.gbscan.reporting.ReportingSettings;
import org.gbscan.web.WebSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The defaults in code are the ones config/gbscan.properties documents: every module's settings read from
 * an empty configuration equal the same settings read from the documented file's own values.
 */
class DocumentedDefaultsTest {
    record Module(String name, Function<Config, Object> settings) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Module> modules() {
        return List.of(new Module("listener", ListenerSettings::from), new Module("inference", InferenceSettings::from),
                new Module("reporting", ReportingSettings::from), new Module("fhir, http, store", FhirSettings::from),
                new Module("web", WebSettings::from), new Module("route, health", RouteSettings::from),
                new Module("log", LogSettings::from), new Module("route.broker, route.worker", BrokerSettings::from));
    }

    /** Settings that have no default by design (the FHIR API refuses to start without a token), set on both sides. */
    private static final Map<String, String> REQUIRED = Map.of("http.token", "a-token");

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void codeDefaultsEqualTheDocumentedFile(Module module) {
        Config documented = Config.of(KnownKeys.documented().documentedDefaults()).with(REQUIRED);
        assertThat(module.settings().apply(Config.empty().with(REQUIRED))).isEqualTo(module.settings().apply(documented));
    }
}
