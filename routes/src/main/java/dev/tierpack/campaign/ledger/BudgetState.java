package dev.tierpack.campaign.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.kafka.TopicReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The budget state a run ended in, kept in the checkpoint topic under key {@value #KEY} (written with the run's
 * last ledger entries) so that {@code campaign status} can show it whether or not a run is active.
 *
 * @param v              record version, 1
 * @param state          {@code paused: budget}, {@code within cap}, or {@code no cap}
 * @param message        the pause message (spent, cap, resume date), or empty
 * @param monthlyCapUsd  the monthly cap of that run, or null
 * @param totalCapUsd    its total cap, or null
 * @param at             when the run ended (ISO-8601 UTC)
 */
public record BudgetState(int v, String state, String message, BigDecimal monthlyCapUsd, BigDecimal totalCapUsd, String at) {
    public static final String KEY = "budget";
    public static final String PAUSED = "paused: budget";
    public static final String WITHIN = "within cap";
    public static final String NO_CAP = "no cap";

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static final int VERSION = 1;

    public BudgetState {
        if (v != VERSION) {
            throw new IllegalArgumentException("unsupported budget state version: " + v);
        }
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        Objects.requireNonNull(at, "at");
    }

    /** The state of a run that ended with {@code ending} ({@code paused: budget: …} when the budget paused it). */
    public static BudgetState of(Optional<Budget> budget, String ending, Instant at) {
        boolean paused = ending.startsWith(PAUSED);
        String state = paused ? PAUSED : budget.isPresent() ? WITHIN : NO_CAP;
        return new BudgetState(VERSION, state, paused ? ending : "", budget.map(Budget::monthlyCapUsd).orElse(null),
                budget.flatMap(Budget::totalCap).orElse(null), at.toString());
    }

    public byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static BudgetState decode(byte[] value, String where) {
        try {
            return JSON.readValue(value, BudgetState.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new FormatException("unreadable budget state record", e, "record", where, "cause", e.getMessage());
        }
    }

    /** The last committed state of the campaign, if a run ever wrote one. */
    public static Optional<BudgetState> read(TopicReader reader, CampaignTopics topics, Duration timeout) {
        BudgetState[] last = {null};
        reader.readToEnd(topics.checkpoint(), Map.of(), r -> {
            if (KEY.equals(r.key()) && r.value() != null) {
                last[0] = decode(r.value(), r.topic() + "/" + r.partition() + "@" + r.offset());
            }
        }, false, timeout);
        return Optional.ofNullable(last[0]);
    }
}
