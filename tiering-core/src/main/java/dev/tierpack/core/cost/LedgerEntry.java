package dev.tierpack.core.cost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.tierpack.core.error.FormatException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One priced event of a campaign, as appended to the Kafka ledger topic: so many requests of one
 * kind on an endpoint of one role, the body bytes they moved, and what they cost.
 *
 * <p>JSON encoding, version 1 (stable: fields always in this order, no whitespace, no other fields):
 *
 * <pre>{"v":1,"timestamp":"2025-06-01T12:00:00.123Z","campaign":"demo","role":"source","kind":"GET","count":1,"bytes":1024,"usd":"0.000000485830"}</pre>
 *
 * {@code timestamp} is ISO-8601 UTC as {@link Instant#toString()} renders it; {@code role} is
 * {@link Role#key()}; {@code kind} is a {@link dev.tierpack.core.tier.RequestKind} name or another
 * upper-case word ({@code RESTORE}); {@code usd} is a decimal string with {@value Money#SCALE}
 * places, so that no reader turns it into a binary float.
 *
 * @param count number of requests (0 for a bytes-only event)
 * @param usd the cost, at {@link Money#SCALE} places
 */
public record LedgerEntry(Instant timestamp, String campaign, Role role, String kind, long count, long bytes,
        BigDecimal usd) {

    /** Encoding version written in {@code "v"}. */
    public static final int VERSION = 1;

    private static final Pattern KIND = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final List<String> FIELDS = List.of("v", "timestamp", "campaign", "role", "kind", "count", "bytes", "usd");
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(4096).maxNumberLength(40).build())
            .build();

    public LedgerEntry {
        Objects.requireNonNull(timestamp, "timestamp");
        if (campaign == null || campaign.isEmpty()) {
            throw new IllegalArgumentException("campaign must not be empty");
        }
        Objects.requireNonNull(role, "role");
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("kind must be an upper-case word: " + kind);
        }
        if (count < 0 || bytes < 0) {
            throw new IllegalArgumentException("count and bytes must not be negative: " + count + ", " + bytes);
        }
        Money.requireAmount(usd, "usd");
        usd = Money.round(usd);
    }

    /** The stable JSON form (see the class comment). */
    public String toJson() {
        StringWriter w = new StringWriter(160);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("timestamp", timestamp.toString());
            g.writeStringField("campaign", campaign);
            g.writeStringField("role", role.key());
            g.writeStringField("kind", kind);
            g.writeNumberField("count", count);
            g.writeNumberField("bytes", bytes);
            g.writeStringField("usd", usd.toPlainString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * Parses {@link #toJson()}'s form. Every field is required, unknown fields and other versions are
     * rejected.
     *
     * @throws FormatException naming the field and the reason
     */
    public static LedgerEntry fromJson(String json) {
        Objects.requireNonNull(json, "json");
        Set<String> seen = new HashSet<>();
        Instant timestamp = null;
        String campaign = null;
        Role role = null;
        String kind = null;
        long count = -1;
        long bytes = -1;
        BigDecimal usd = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new FormatException("ledger entry is not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    throw new FormatException("malformed ledger entry", "token", t);
                }
                String field = p.currentName();
                if (!FIELDS.contains(field)) {
                    throw new FormatException("unknown field in ledger entry", "field", field);
                }
                if (!seen.add(field)) {
                    throw new FormatException("repeated field in ledger entry", "field", field);
                }
                JsonToken value = p.nextToken();
                switch (field) {
                    case "v" -> {
                        long v = integer(p, value, field);
                        if (v != VERSION) {
                            throw new FormatException("unsupported ledger entry version", "v", v, "supported", VERSION);
                        }
                    }
                    case "timestamp" -> timestamp = instant(string(p, value, field));
                    case "campaign" -> campaign = string(p, value, field);
                    case "role" -> role = role(string(p, value, field));
                    case "kind" -> kind = string(p, value, field);
                    case "count" -> count = integer(p, value, field);
                    case "bytes" -> bytes = integer(p, value, field);
                    case "usd" -> usd = decimal(string(p, value, field));
                    default -> throw new IllegalStateException(field);
                }
            }
            if (p.nextToken() != null) {
                throw new FormatException("trailing data after ledger entry");
            }
        } catch (JsonProcessingException e) {
            throw new FormatException("malformed ledger entry JSON", e, "cause", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String f : FIELDS) {
            if (!seen.contains(f)) {
                throw new FormatException("missing field in ledger entry", "field", f);
            }
        }
        try {
            return new LedgerEntry(timestamp, campaign, role, kind, count, bytes, usd);
        } catch (IllegalArgumentException e) {
            throw new FormatException("invalid ledger entry", e, "cause", e.getMessage());
        }
    }

    private static String string(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new FormatException("ledger entry field must be a string", "field", field, "token", t);
        }
        return p.getText();
    }

    private static long integer(JsonParser p, JsonToken t, String field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new FormatException("ledger entry field must be an integer", "field", field, "token", t);
        }
        if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
            throw new FormatException("ledger entry integer out of range", "field", field);
        }
        return p.getLongValue();
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new FormatException("ledger entry timestamp is not ISO-8601", "field", "timestamp", "value", s);
        }
    }

    private static Role role(String s) {
        for (Role r : Role.values()) {
            if (r.key().equals(s)) {
                return r;
            }
        }
        throw new FormatException("unknown role in ledger entry", "field", "role", "value", s);
    }

    private static BigDecimal decimal(String s) {
        if (!s.matches("[0-9]{1,15}(\\.[0-9]{1," + Money.SCALE + "})?")) {
            throw new FormatException("ledger entry usd must be a plain non-negative decimal", "field", "usd", "value", s);
        }
        return new BigDecimal(s);
    }
}
