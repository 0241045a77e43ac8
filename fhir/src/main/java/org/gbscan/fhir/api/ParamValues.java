package org.gbscan.fhir.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gbscan.fhir.store.DateBound;
import org.gbscan.fhir.store.Token;

/** Parsers of FHIR search parameter values (R4 3.1.1.4: reference, token, date); bad values are 400s. */
final class ParamValues {
    private static final Pattern DATE = Pattern.compile(
            "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:\\d{2})?)?)?)?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private ParamValues() {
    }

    /** {@code id}, {@code Type/id} or an absolute URL ending in {@code Type/id} (an optional {@code _history} is dropped). */
    static String reference(String param, String value, String expectedType) {
        String v = value.trim();
        int history = v.indexOf("/_history/");
        if (history >= 0) {
            v = v.substring(0, history);
        }
        String[] parts = v.split("/");
        String id = parts[parts.length - 1];
        if (parts.length >= 2 && !parts[parts.length - 2].equals(expectedType)) {
            throw FhirHttpException.badRequest("parameter " + param + " must reference a " + expectedType
                    + ", got '" + value + "'");
        }
        if (!ID.matcher(id).matches()) {
            throw FhirHttpException.badRequest("parameter " + param + ": '" + value + "' is not a valid resource id");
        }
        return id;
    }

    static Token token(String param, String value) {
        if (value.isEmpty() || value.equals("|")) {
            throw FhirHttpException.badRequest("parameter " + param + " needs a code, system|code or system|");
        }
        return Token.parse(value);
    }

    /** A date with an optional prefix; a dateTime without a zone is read in the server's zone. */
    static DateBound date(String param, String raw, ZoneId zone) {
        String value = raw.trim().replace(' ', '+'); // an unencoded '+' of an offset arrives as a space
        DateBound.Prefix prefix = DateBound.Prefix.EQ;
        if (value.length() > 2 && Character.isLetter(value.charAt(0))) {
            String p = value.substring(0, 2).toUpperCase(Locale.ROOT);
            try {
                prefix = DateBound.Prefix.valueOf(p);
            } catch (IllegalArgumentException e) {
                throw FhirHttpException.badRequest("parameter " + param + ": unknown prefix '" + value.substring(0, 2)
                        + "' (use eq, ne, gt, lt, ge, le, sa, eb or ap)");
            }
            value = value.substring(2);
        }
        Matcher m = DATE.matcher(value);
        if (!m.matches()) {
            throw FhirHttpException.badRequest("parameter " + param + ": '" + raw
                    + "' is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|+hh:mm])");
        }
        try {
            int year = Integer.parseInt(m.group(1));
            if (m.group(2) == null) {
                ZonedDateTime start = LocalDate.of(year, 1, 1).atStartOfDay(zone);
                return new DateBound(prefix, start.toInstant(), start.plusYears(1).toInstant());
            }
            int month = Integer.parseInt(m.group(2));
            if (m.group(3) == null) {
                ZonedDateTime start = LocalDate.of(year, month, 1).atStartOfDay(zone);
                return new DateBound(prefix, start.toInstant(), start.plusMonths(1).toInstant());
            }
            LocalDate day = LocalDate.of(year, month, Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                ZonedDateTime start = day.atStartOfDay(zone);
                return new DateBound(prefix, start.toInstant(), start.plusDays(1).toInstant());
            }
            LocalDateTime local = day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            ZoneId at = m.group(8) == null ? zone : (m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8)));
            Instant start = local.atZone(at).toInstant();
            if (m.group(7) != null) {
                String fraction = (m.group(7) + "000000000").substring(0, 9);
                start = start.plusNanos(Long.parseLong(fraction));
                return new DateBound(prefix, start, start.plusNanos(precisionNanos(m.group(7).length())));
            }
            return new DateBound(prefix, start, start.plus(1, m.group(6) == null ? ChronoUnit.MINUTES : ChronoUnit.SECONDS));
        } catch (java.time.DateTimeException e) {
            throw FhirHttpException.badRequest("parameter " + param + ": '" + raw + "' is not a valid date: " + e.getMessage());
        }
    }

    private static long precisionNanos(int fractionDigits) {
        long nanos = 1;
        for (int i = fractionDigits; i < 9; i++) {
            nanos *= 10;
        }
        return nanos;
    }

    static int nonNegativeInt(String param, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw FhirHttpException.badRequest("parameter " + param + " must be >= 0, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw FhirHttpException.badRequest("parameter " + param + " must be a whole number, got '" + value + "'");
        }
    }
}
