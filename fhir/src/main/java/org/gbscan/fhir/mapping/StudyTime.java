package org.gbscan.fhir.mapping;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A DICOM Study Date (DA, YYYYMMDD) and Study Time (TM, HH[MM[SS[.F]]]) as an instant range in a
 * zone: DICOM dates carry no zone, FHIR dateTimes with a time must have one. The range's width is the
 * precision of the source (a whole day when only the date is known), which is what FHIR date search
 * compares against.
 *
 * @param start  the study's start
 * @param end    exclusive end of the precision range
 * @param hasTime whether the time of day was known
 */
public record StudyTime(ZonedDateTime start, ZonedDateTime end, boolean hasTime) {

    /** Empty when the study date is missing or not a valid DA value (the report then has no effective time). */
    public static Optional<StudyTime> of(String studyDate, String studyTime, ZoneId zone) {
        if (studyDate == null || studyDate.isBlank()) {
            return Optional.empty();
        }
        LocalDate date;
        try {
            date = LocalDate.parse(studyDate.trim(), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Optional<LocalTime> time = parseTime(studyTime);
        if (time.isEmpty()) {
            ZonedDateTime start = date.atStartOfDay(zone);
            return Optional.of(new StudyTime(start, date.plusDays(1).atStartOfDay(zone), false));
        }
        ZonedDateTime start = date.atTime(time.get()).atZone(zone);
        return Optional.of(new StudyTime(start, start.plus(Duration.ofSeconds(1)), true));
    }

    private static Optional<LocalTime> parseTime(String tm) {
        if (tm == null) {
            return Optional.empty();
        }
        String s = tm.trim();
        int dot = s.indexOf('.');
        String whole = dot >= 0 ? s.substring(0, dot) : s;
        if (whole.isEmpty() || whole.length() % 2 != 0 || whole.length() > 6 || !whole.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(whole.substring(0, 2));
        int minute = whole.length() >= 4 ? Integer.parseInt(whole.substring(2, 4)) : 0;
        int second = whole.length() >= 6 ? Integer.parseInt(whole.substring(4, 6)) : 0;
        if (hour > 23 || minute > 59 || second > 60) {
            return Optional.empty();
        }
        return Optional.of(LocalTime.of(hour, minute, Math.min(second, 59)));
    }
}
