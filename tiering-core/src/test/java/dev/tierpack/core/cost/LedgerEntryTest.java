package dev.tierpack.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import java.math.BigDecimal;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerEntryTest {
    static final LedgerEntry ENTRY = new LedgerEntry(Instant.parse("2025-06-01T12:00:00.123Z"), "demo", Role.SOURCE,
            "GET", 1, 1024, new BigDecimal("0.0000004858"));
    static final String JSON = "{\"v\":1,\"timestamp\":\"2025-06-01T12:00:00.123Z\",\"campaign\":\"demo\",\"role\":\"source\","
            + "\"kind\":\"GET\",\"count\":1,\"bytes\":1024,\"usd\":\"0.000000485800\"}";

    @Test
    void encodingIsStable() {
        assertThat(ENTRY.toJson()).isEqualTo(JSON);
        assertThat(LedgerEntry.fromJson(JSON)).isEqualTo(ENTRY);
        // field order on input does not matter
        String reordered = "{\"usd\":\"0.000000485800\",\"bytes\":1024,\"count\":1,\"kind\":\"GET\",\"role\":\"source\","
                + "\"campaign\":\"demo\",\"timestamp\":\"2025-06-01T12:00:00.123Z\",\"v\":1}";
        assertThat(LedgerEntry.fromJson(reordered)).isEqualTo(ENTRY);
    }

    @Property(tries = 200)
    void roundTrips(@ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis,
            @ForAll @AlphaChars @StringLength(min = 1, max = 30) String campaign, @ForAll Role role,
            @ForAll @LongRange(min = 0, max = 1_000_000) long count, @ForAll @LongRange(min = 0) long bytes,
            @ForAll @LongRange(min = 0, max = 999_999_999_999_999L) long picodollars) {
        LedgerEntry e = new LedgerEntry(Instant.ofEpochMilli(millis), campaign, role, "UPLOAD_PART", count, bytes,
                BigDecimal.valueOf(picodollars, Money.SCALE));
        assertThat(LedgerEntry.fromJson(e.toJson())).isEqualTo(e);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"v\":1,\"timestamp\":\"2025-06-01T12:00:00Z\",\"campaign\":\"d\",\"role\":\"source\",\"kind\":\"GET\",\"count\":1,\"bytes\":1}|missing field|usd",
        "{\"v\":2,\"timestamp\":\"2025-06-01T12:00:00Z\",\"campaign\":\"d\",\"role\":\"source\",\"kind\":\"GET\",\"count\":1,\"bytes\":1,\"usd\":\"0\"}|unsupported ledger entry version|v=2",
        "{\"v\":1,\"timestamp\":\"2025-06-01T12:00:00Z\",\"campaign\":\"d\",\"role\":\"source\",\"kind\":\"GET\",\"count\":1,\"bytes\":1,\"usd\":\"0\",\"x\":1}|unknown field|x",
        "{\"v\":1,\"timestamp\":\"yesterday\",\"campaign\":\"d\",\"role\":\"source\",\"kind\":\"GET\",\"count\":1,\"bytes\":1,\"usd\":\"0\"}|not ISO-8601|yesterday",
        "{\"v\":1,\"timestamp\":\"2025-06-01T12:00:00Z\",\"campaign\":\"d\",\"role\":\"tepid\",\"kind\":\"GET\",\"count\":1,\"bytes\":1,\"usd\":\"0\"}|unknown role|tepid",
        "{\"v\":1,\"timestamp\":\"2025-06-01T12:00:00Z\",\"campaign\":\"d\",\"role\":\"source\",\"kind\":\"GET\",\"count\":\"1\",\"bytes\":1,\"usd\":\"0\"}|must be an integer|count",
        "{\"v\":1,\"timestamp\":\"2025-06-01T12:00:00Z\",\"campaign\":\"d\",\"role\":\"source\",\"kind\":\"GET\",\"count\":1,\"bytes\":1,\"usd\":\"-1\"}|plain non-negative decimal|usd",
        "{\"v\":1,\"timestamp\":\"2025-06-01T12:00:00Z\",\"campaign\":\"d\",\"role\":\"source\",\"kind\":\"GET\",\"count\":1,\"bytes\":1,\"usd\":\"1e3\"}|plain non-negative decimal|1e3",
        "{\"v\":1,\"timestamp\":\"2025-06-01T12:00:00Z\",\"campaign\":\"d\",\"role\":\"source\",\"kind\":\"get\",\"count\":1,\"bytes\":1,\"usd\":\"0\"}|invalid ledger entry|upper-case",
        "{\"v\":1,\"v\":1}|repeated field|v",
        "[1]|not a JSON object|ledger",
        "{\"v\":1|malformed ledger entry JSON|cause",
    })
    void badEntriesAreRejectedNamingTheField(String json, String what, String detail) {
        assertThatThrownBy(() -> LedgerEntry.fromJson(json)).isInstanceOf(FormatException.class)
                .hasMessageContaining(what).hasMessageContaining(detail);
    }

    @Test
    void amountsAreRoundedToPicodollars() {
        LedgerEntry e = new LedgerEntry(Instant.EPOCH, "c", Role.COLD, "PUT", 1, 0, new BigDecimal("0.0000000000005"));
        assertThat(e.usd()).isEqualTo(new BigDecimal("0.000000000000")); // half-even
        assertThatThrownBy(() -> new LedgerEntry(Instant.EPOCH, "c", Role.COLD, "PUT", -1, 0, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
