package dev.tierpack.campaign.records;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.TierpackException;

/**
 * JSON encoding of the campaign's Kafka record values. Every value is one JSON object whose first member is
 * {@code "v": 1}, the record format version; decoding rejects other versions, unknown and missing members, and
 * nulls for numbers, with a {@link FormatException} naming the record ({@code where}: topic, partition, offset).
 * Thread-safe.
 */
public final class RecordCodec {
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RecordCodec() {}

    public static byte[] encode(Record value) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        node.setAll((ObjectNode) JSON.valueToTree(value));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static WorkRecord work(byte[] bytes, String where) {
        return decode(bytes, WorkRecord.class, where);
    }

    public static ProgressEvent progress(byte[] bytes, String where) {
        return decode(bytes, ProgressEvent.class, where);
    }

    public static ListerCheckpoint checkpoint(byte[] bytes, String where) {
        return decode(bytes, ListerCheckpoint.class, where);
    }

    public static WorkerTotals totals(byte[] bytes, String where) {
        return decode(bytes, WorkerTotals.class, where);
    }

    static <T> T decode(byte[] bytes, Class<T> type, String where) {
        String what = type.getSimpleName();
        if (bytes == null) {
            throw new FormatException("record has no value", "type", what, "record", where);
        }
        try {
            JsonNode tree = JSON.readTree(bytes);
            if (!(tree instanceof ObjectNode node)) {
                throw new FormatException("record value is not a JSON object", "type", what, "record", where);
            }
            JsonNode v = node.remove("v");
            if (v == null || !v.isInt()) {
                throw new FormatException("record value lacks its format version", "type", what, "record", where);
            }
            if (v.intValue() != VERSION) {
                throw new FormatException("unsupported record format version", "type", what, "record", where,
                        "version", v.intValue());
            }
            return JSON.treeToValue(node, type);
        } catch (java.io.IOException | IllegalArgumentException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof TierpackException t) {
                    throw t.with("type", what).with("record", where);
                }
            }
            String cause = e instanceof JacksonException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
            throw new FormatException("malformed record value", e, "type", what, "record", where, "cause", cause);
        }
    }
}
