package org.gbscan.fhir.store;

/**
 * A FHIR token search value: {@code code} (any system), {@code system|code}, {@code |code} (no system)
 * or {@code system|} (any code of the system). Null means "any".
 */
public record Token(String system, String code) {
    public Token {
        if (system == null && code == null) {
            throw new IllegalArgumentException("a token needs a system or a code");
        }
    }

    public static Token parse(String value) {
        int bar = value.indexOf('|');
        if (bar < 0) {
            return new Token(null, value);
        }
        String system = value.substring(0, bar);
        String code = value.substring(bar + 1);
        return new Token(system, code.isEmpty() ? null : code);
    }
}
