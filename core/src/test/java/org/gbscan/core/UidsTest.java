package org.gbscan.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UidsTest {
    @Test
    void derivedUidsAreStableValidAndUnderOurRoot() {
        String a = Uids.derive("1.2.3", "model", "1.0", "sr");
        assertThat(a).startsWith("2.25.").isEqualTo(Uids.derive("1.2.3", "model", "1.0", "sr"));
        assertThat(Uids.isValid(a)).isTrue();
        assertThat(a.length()).isLessThanOrEqualTo(64);
    }

    @Test
    void differentPartsGiveDifferentUids() {
        assertThat(Uids.derive("1.2.3", "sr")).isNotEqualTo(Uids.derive("1.2.3", "sc"));
        // the separator keeps ("ab","c") apart from ("a","bc")
        assertThat(Uids.derive("ab", "c")).isNotEqualTo(Uids.derive("a", "bc"));
    }

    @Test
    void randomUidsAreValidAndDistinct() {
        assertThat(Uids.random()).isNotEqualTo(Uids.random());
        assertThat(Uids.isValid(Uids.random())).isTrue();
    }

    @Test
    void rejectsMalformedUids() {
        assertThat(Uids.isValid("1.02.3")).isFalse();
        assertThat(Uids.isValid("1..2")).isFalse();
        assertThat(Uids.isValid("")).isFalse();
        assertThat(Uids.isValid("1.2.a")).isFalse();
    }
}
