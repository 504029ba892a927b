package dev.tierpack.campaign.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.cost.Charge;
import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.Role;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.cost.Tariff;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.tier.RequestKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerRecordsTest {
    static final Tariff TARIFF = new Tariff(PriceTable.defaults(), StorageClass.STANDARD, StorageClass.DEEP_ARCHIVE);

    static LedgerEntry priced(Role role, RequestKind kind, long count, long bytes) {
        BigDecimal usd = Charge.total(TARIFF.request(role, kind, count, bytes));
        return new LedgerEntry(Instant.parse("2026-01-31T23:59:59.999Z"), "c-1", role, kind.name(), count, bytes, usd);
    }

    @Test
    void anEntryRoundTripsKeyedByItsRole() {
        LedgerEntry e = priced(Role.SOURCE, RequestKind.GET, 1, 123_456_789);
        byte[] value = LedgerRecords.encode(e);
        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(e.toJson());
        assertThat(LedgerRecords.decode(value, "t/0@7")).isEqualTo(e);
        assertThat(LedgerRecords.key(e)).isEqualTo("source");
        assertThat(LedgerRecords.key(priced(Role.COLD, RequestKind.PUT, 1, 10))).isEqualTo("cold");
    }

    @Test
    void damagedRecordsAreRejectedNamingTheRecord() {
        assertThatThrownBy(() -> LedgerRecords.decode(null, "tierpack.c.ledger/0@3"))
                .isInstanceOf(FormatException.class).hasMessageContaining("tierpack.c.ledger/0@3");
        assertThatThrownBy(() -> LedgerRecords.decode(new byte[] {(byte) 0xff, 0x7b}, "t/0@4"))
                .isInstanceOf(FormatException.class).hasMessageContaining("not UTF-8").hasMessageContaining("t/0@4");
        String json = priced(Role.WARM, RequestKind.PUT, 1, 5).toJson().replace("\"count\":1", "\"count\":-1");
        assertThatThrownBy(() -> LedgerRecords.decode(json.getBytes(StandardCharsets.UTF_8), "t/0@5"))
                .isInstanceOf(FormatException.class).hasMessageContaining("t/0@5");
    }

    @Test
    void totalsSumRequestsAndBytesByRoleAndKindAndRecomputeLineItemsThatAddUpToTheRecordedTotal() {
        LedgerTotals t = new LedgerTotals(TARIFF);
        LedgerEntry[] entries = {
                priced(Role.SOURCE, RequestKind.LIST, 1, 0),
                priced(Role.SOURCE, RequestKind.GET, 1, 1000),
                priced(Role.SOURCE, RequestKind.GET, 1, 3000),
                priced(Role.WARM, RequestKind.PUT, 1, 4096),
                priced(Role.WARM, RequestKind.DELETE, 1, 0),
                priced(Role.COLD, RequestKind.UPLOAD_PART, 2, 10 << 20),
        };
        BigDecimal recorded = BigDecimal.ZERO;
        for (LedgerEntry e : entries) {
            t.add(e);
            recorded = recorded.add(e.usd());
        }
        LedgerTotals.Snapshot s = t.snapshot();
        assertThat(s.entries()).isEqualTo(entries.length);
        assertThat(s.requests().get("source")).containsEntry("GET", 2L).containsEntry("LIST", 1L);
        assertThat(s.bytes().get("source")).containsEntry("GET", 4000L);
        assertThat(s.requests().get("warm")).containsEntry("PUT", 1L).containsEntry("DELETE", 1L);
        assertThat(s.requests().get("cold")).containsEntry("UPLOAD_PART", 2L);
        assertThat(s.totalUsd()).isEqualByComparingTo(recorded).isPositive();
        assertThat(s.costUsd()).containsKeys("source.list", "source.get", "source.egress", "warm.requests", "cold.put");
        assertThat(s.costUsd().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(recorded);
    }
}
