package dev.tierpack.campaign.runtime;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** How a run ends: the first of complete, pause, stop or failure wins. Thread-safe. */
public final class CampaignControl {
    /** The end states of a run. */
    public enum State {
        /** Listing complete and every store path committed. */
        COMPLETE,
        /** The budget hook paused the campaign; a later run resumes. */
        PAUSED,
        /** Stopped on request (Ctrl-C); a later run resumes. */
        STOPPED,
        /** A failure retries did not fix; a later run resumes. */
        FAILED
    }

    /** How the run ended; {@code cause} only for {@link State#FAILED}. */
    public record Ending(State state, String reason, Throwable cause) {
        public Ending {
            Objects.requireNonNull(state, "state");
            reason = reason == null ? "" : reason;
        }

        /** {@code complete}, {@code paused: budget …}, {@code stopped}, {@code failed: …}. */
        public String describe() {
            return switch (state) {
                case COMPLETE -> "complete";
                case PAUSED -> "paused: " + reason;
                case STOPPED -> "stopped";
                case FAILED -> "failed: " + reason;
            };
        }
    }

    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    public void complete() {
        ending.complete(new Ending(State.COMPLETE, "", null));
    }

    public void pause(String reason) {
        ending.complete(new Ending(State.PAUSED, reason, null));
    }

    public void stop() {
        ending.complete(new Ending(State.STOPPED, "", null));
    }

    public void fail(Throwable cause) {
        ending.complete(new Ending(State.FAILED, cause == null ? "unknown" : String.valueOf(cause.getMessage()), cause));
    }

    public boolean ended() {
        return ending.isDone();
    }

    /** Blocks until the run ends. */
    public Ending await() throws InterruptedException {
        try {
            return ending.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
