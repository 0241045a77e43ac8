package org.gbscan.fhir.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SMART scope matching: which granted scopes cover which route. */
class ScopeTest {
    @Test
    void aResourceReadIsCoveredByItsOwnScopeOrAWildcardButNotByAnotherType() {
        Scope reports = Scope.read("DiagnosticReport");

        assertThat(reports.grantedBy(List.of("system/DiagnosticReport.read"))).isTrue();
        assertThat(reports.grantedBy(List.of("system/*.read"))).isTrue();
        assertThat(reports.grantedBy(List.of("system/DiagnosticReport.rs"))).isTrue(); // SMART v2
        assertThat(reports.grantedBy(List.of("system/Observation.read"))).isFalse();
        assertThat(reports.grantedBy(List.of("system/DiagnosticReport.write"))).isFalse();
        assertThat(reports.grantedBy(List.of("openid", "profile"))).isFalse();
    }

    @Test
    void thePageNeedsAUserOrSystemWildcardAndMetricsTheSystemWildcard() {
        assertThat(Scope.PAGE.grantedBy(List.of("user/*.read"))).isTrue();
        assertThat(Scope.PAGE.grantedBy(List.of("system/*.read"))).isTrue();
        assertThat(Scope.PAGE.grantedBy(List.of("user/DiagnosticReport.read"))).isFalse();
        assertThat(Scope.METRICS.grantedBy(List.of("system/*.read"))).isTrue();
        assertThat(Scope.METRICS.grantedBy(List.of("user/*.read"))).isFalse();
    }
}
