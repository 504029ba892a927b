package dev.tierpack.core.tier;

/** The answer to {@link Tier#requestRestore}: what the server did with a {@code RestoreObject} request. */
public enum RestoreStart {
    /** A restore was started (HTTP 202 Accepted). */
    STARTED,
    /** A restore of the object is already running (HTTP 409 RestoreAlreadyInProgress); nothing new was started. */
    ALREADY_IN_PROGRESS,
    /** The object was already restored; its restored copy's expiry was extended (HTTP 200 OK). */
    ALREADY_AVAILABLE
}
