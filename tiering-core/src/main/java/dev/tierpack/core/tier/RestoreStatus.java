package dev.tierpack.core.tier;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an object on a tier can be read now, as {@code HeadObject} reports it: its storage class and, for
 * archived classes, the {@code x-amz-restore} header ({@code ongoing-request="true"} while a restore runs,
 * {@code ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"} once the restored copy is
 * readable, absent when no restore was requested).
 *
 * @param key the object's key on the tier
 * @param state what a GET of the object would do now
 * @param storageClass the storage class, or null for STANDARD
 * @param size the object's size in bytes
 * @param availableUntil when the restored copy expires ({@link State#AVAILABLE} only), else null
 */
public record RestoreStatus(String key, State state, String storageClass, long size, Instant availableUntil) {
    /** Storage classes whose objects must be restored before a GET (GLACIER_IR is read directly). */
    public static final Set<String> ARCHIVED_CLASSES = Set.of("GLACIER", "DEEP_ARCHIVE");

    private static final Pattern ONGOING = Pattern.compile("ongoing-request\\s*=\\s*\"(true|false)\"",
            Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final Pattern EXPIRY = Pattern.compile("expiry-date\\s*=\\s*\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    /** What a GET of the object would do now. */
    public enum State {
        /** Not in an archived class: readable. */
        NOT_ARCHIVED,
        /** Archived and no restore requested (or the restored copy expired): a GET answers 403 InvalidObjectState. */
        ARCHIVED,
        /** A restore is running. */
        IN_PROGRESS,
        /** A restored copy is readable until {@link #availableUntil()}. */
        AVAILABLE;

        /** The lower-case word used in headers and reports ({@code in-progress}, ...). */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public RestoreStatus {
        Tier.requireKey(key);
        Objects.requireNonNull(state, "state");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + key);
        }
        if (storageClass != null && (storageClass.isEmpty() || storageClass.equals("STANDARD"))) {
            storageClass = null;
        }
        if ((state == State.AVAILABLE) != (availableUntil != null)) {
            throw new IllegalArgumentException("availableUntil is set exactly for AVAILABLE: key=" + key + " state="
                    + state + " availableUntil=" + availableUntil);
        }
    }

    /** Whether a GET of the object succeeds now. */
    public boolean readable() {
        return state == State.NOT_ARCHIVED || state == State.AVAILABLE;
    }

    /** Whether {@code storageClass} needs a restore before a GET. */
    public static boolean archivedClass(String storageClass) {
        return storageClass != null && ARCHIVED_CLASSES.contains(storageClass.strip().toUpperCase(Locale.ROOT));
    }

    /**
     * Interprets a HeadObject answer.
     *
     * @param restoreHeader the {@code x-amz-restore} value, or null when absent
     * @throws IllegalArgumentException if the header is present but not of AWS's documented form
     */
    public static RestoreStatus fromHead(String key, String storageClass, long size, String restoreHeader) {
        if (!archivedClass(storageClass)) {
            return new RestoreStatus(key, State.NOT_ARCHIVED, storageClass, size, null);
        }
        if (restoreHeader == null || restoreHeader.isBlank()) {
            return new RestoreStatus(key, State.ARCHIVED, storageClass, size, null);
        }
        Matcher ongoing = ONGOING.matcher(restoreHeader);
        if (!ongoing.find()) {
            throw new IllegalArgumentException("unparseable x-amz-restore header: key=" + key + " value=" + restoreHeader);
        }
        if (ongoing.group(1).equalsIgnoreCase("true")) {
            return new RestoreStatus(key, State.IN_PROGRESS, storageClass, size, null);
        }
        Matcher expiry = EXPIRY.matcher(restoreHeader);
        if (!expiry.find()) {
            throw new IllegalArgumentException("x-amz-restore without expiry-date: key=" + key + " value=" + restoreHeader);
        }
        Instant until;
        try {
            until = ZonedDateTime.parse(expiry.group(1), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad expiry-date in x-amz-restore: key=" + key + " value=" + restoreHeader, e);
        }
        return new RestoreStatus(key, State.AVAILABLE, storageClass, size, until);
    }

    /** The {@code x-amz-restore} header value AWS sends for this status, or null when it sends none. */
    public String header() {
        return switch (state) {
            case NOT_ARCHIVED, ARCHIVED -> null;
            case IN_PROGRESS -> "ongoing-request=\"true\"";
            case AVAILABLE -> "ongoing-request=\"false\", expiry-date=\""
                    + HTTP_DATE.format(availableUntil.atZone(java.time.ZoneOffset.UTC)) + "\"";
        };
    }
}
