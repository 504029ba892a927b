package dev.tierpack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.campaign.ledger.LedgerRecords;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.runtime.BudgetHook;
import dev.tierpack.campaign.runtime.CampaignControl;
import dev.tierpack.campaign.runtime.CampaignReport;
import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.campaign.runtime.CostSettings;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.cli.CliRun;
import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.Money;
import dev.tierpack.kafka.TopicReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget bar, on real embedded Kafka and S3 and a generated {@code file://} cache: a monthly cap below the
 * campaign's cost stops it at or under the cap with state {@code paused: budget} and a message naming what was
 * spent, the cap and the date it can resume; a run the next month (an injected clock) continues under the same
 * cap; a run with a raised cap completes it, and its totals (store paths, NAR bytes, stored bytes and objects per
 * tier) are those of an uninterrupted run. The ledger topic holds exactly what the runs reported spending.
 */
class CampaignBudgetTest {
    private static final Clock JANUARY = Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);
    private static final Clock FEBRUARY = Clock.fixed(Instant.parse("2026-02-10T12:00:00Z"), ZoneOffset.UTC);

    @TempDir Path tmp;

    @Test
    void aCapBelowTheCostPausesAtOrUnderItAndARaisedCapCompletesWithTheTotalsOfAnUninterruptedRun() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        Path cache = tmp.resolve("cache");
        CampaignTestbed.generate(cache, 17, 30, 3, 0.02);
        int storePaths = CampaignTestbed.narinfos(cache).size();

        CampaignReport reference = run(bed, settings(bed, cache, "budget-ref", JANUARY, null)).report();
        assertThat(reference.state()).isEqualTo("complete");
        assertThat(reference.storePaths()).isEqualTo(storePaths);
        BigDecimal cost = reference.cost().budget().spentUsd();
        assertThat(cost).isPositive();
        assertThat(reference.cost().budget().state()).isEqualTo("no cap");
        assertThat(ledgerTotal("budget-ref", bed, null)).isEqualByComparingTo(cost);

        // January: a cap of 40 % of the campaign's cost
        BigDecimal cap = cost.multiply(new BigDecimal("0.4")).setScale(12, RoundingMode.DOWN);
        Budget budget = new Budget(cap, null, null);
        CampaignRuntime.Result jan = run(bed, settings(bed, cache, "budget-cap", JANUARY, budget));
        assertThat(jan.ending().state()).isEqualTo(CampaignControl.State.PAUSED);
        CampaignReport r1 = jan.report();
        assertThat(r1.state()).startsWith("paused: budget: monthly cap").contains("spent in 2026-01",
                "resumes on 2026-02-01 (UTC) or with a raised cap");
        assertThat(r1.cost().budget().state()).isEqualTo("paused: budget");
        assertThat(r1.cost().budget().spentUsd()).isPositive().isLessThanOrEqualTo(cap);
        assertThat(r1.storePaths()).isLessThan(storePaths);
        BigDecimal january = ledgerTotal("budget-cap", bed, YearMonth.of(2026, 1));
        assertThat(january).isEqualByComparingTo(r1.cost().budget().spentUsd()).isLessThanOrEqualTo(cap);

        // campaign status shows the spending, the cap and the state from Kafka, no run active
        CliRun status = CliRun.run("campaign", "status", "--state-dir",
                tmp.resolve("state-budget-cap").toString(), "--name", "budget-cap", "--kafka-bootstrap", bed.bootstrap());
        assertThat(status.status()).as(status.err()).isZero();
        assertThat(status.out()).contains("no run active",
                "spent: " + Money.format(january) + " in all, ",
                "cap: " + Money.format(cap) + "/month (last run)",
                "budget state: paused: budget: monthly cap " + Money.format(cap) + " reached: $",
                " spent in 2026-01, the next batch needs about $", "resumes on 2026-02-01 (UTC) or with a raised cap");

        // February, same cap: the campaign continues, spending at most the cap again
        CampaignReport r2 = run(bed, settings(bed, cache, "budget-cap", FEBRUARY, budget)).report();
        assertThat(r2.storePaths()).isGreaterThan(r1.storePaths());
        BigDecimal february = ledgerTotal("budget-cap", bed, YearMonth.of(2026, 2));
        assertThat(february).isPositive().isLessThanOrEqualTo(cap);
        assertThat(r2.cost().budget().spentThisMonthUsd()).isEqualByComparingTo(february);

        // a raised cap, through the command line and the campaign file: complete, with the totals of the
        // uninterrupted run
        BigDecimal raised = cost.multiply(BigDecimal.TEN);
        Path config = campaignFile(bed, cache, "budget-cap", raised);
        Path reportFile = tmp.resolve("report.json");
        CliRun run = CliRun.run("campaign", "run", "--config", config.toString(),
                "--partitions", "1", "--batch-size", "8", "--max-batch-age", "60s", "--quiet", "--report-json",
                reportFile.toString());
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("campaign budget-cap: complete", "budget: within cap (cap " + Money.format(raised) + "/month)");
        JsonNode r3 = new ObjectMapper().readTree(reportFile.toFile());
        assertThat(r3.get("state").asText()).isEqualTo("complete");
        assertThat(r3.get("budget").get("state").asText()).isEqualTo("within cap");
        assertThat(r3.get("storePaths").asLong()).isEqualTo(reference.storePaths());
        assertThat(r3.get("quarantined").asLong()).isZero();
        assertThat(r3.get("narBytes").asLong()).isEqualTo(reference.narBytes());
        for (String tier : List.of("warm", "cold")) {
            assertThat(r3.get("storedBytes").get(tier).asLong()).as(tier).isEqualTo(reference.storedBytes().get(tier));
            assertThat(r3.get("objectsWritten").get(tier).asLong()).as(tier).isEqualTo(reference.objectsWritten().get(tier));
        }
        assertThat(CampaignTestbed.publishedCounts(bed.progressEvents("budget-cap"))).hasSize(storePaths)
                .allSatisfy((hash, n) -> assertThat(n).as(hash).isEqualTo(1));
        BigDecimal spent = new BigDecimal(r3.get("budget").get("spentUsd").asText());
        assertThat(ledgerTotal("budget-cap", bed, null)).isEqualByComparingTo(spent);
        assertThat(new BigDecimal(r3.get("costUsd").get("total").asText())).isEqualByComparingTo(spent);
        assertThat(r3.get("requests").get("source").get("GET").asLong()).isPositive();
        assertThat(r3.get("storageMonthly").get("beforeUsd").asDouble()).isPositive();

        // status through the campaign file: the file's cap
        CliRun st = CliRun.run("campaign", "status", "--config", config.toString());
        assertThat(st.status()).as(st.err()).isZero();
        assertThat(st.out()).contains("no run active", "published: " + storePaths + " store paths",
                "spent: " + Money.format(spent) + " in all", "cap: " + Money.format(raised) + "/month;",
                "budget state: within cap");
    }

    /** The campaign file of campaign {@code name}: warm on the S3 server as MinIO, cold as S3, Kafka by address. */
    private Path campaignFile(CampaignTestbed bed, Path cache, String name, BigDecimal monthlyCap) throws java.io.IOException {
        return bed.campaignFile(tmp.resolve(name + ".yaml"), name, cache, tmp.resolve("state-" + name), bed.s3.endpoint(),
                "budget: { monthlyCapUsd: " + monthlyCap.toPlainString() + " }",
                "packing: { packSize: 1MiB, segmentSize: 256KiB }");
    }

    private static CampaignRuntime.Result run(CampaignTestbed bed, RuntimeSettings s) throws InterruptedException {
        try (CampaignRuntime rt = CampaignRuntime.open(s, BudgetHook.NONE)) {
            return rt.run();
        }
    }

    private RuntimeSettings settings(CampaignTestbed bed, Path cache, String name, Clock clock, Budget budget) {
        CostSettings cost = CostSettings.defaults().withClock(clock);
        if (budget != null) {
            cost = cost.withBudget(budget);
        }
        return bed.settings(name, cache, tmp.resolve("state-" + name), bed.s3.endpoint(), "DEEP_ARCHIVE")
                .withPartitions(1) // one partition: batches hold the same store paths in every run
                .withBatching(8, Duration.ofSeconds(60))
                .withListing(40, Duration.ofMillis(10), 4)
                .withPackSize(1 << 20) // as in the campaign file
                .withCost(cost);
    }

    /** The committed ledger's sum, in one month or in all. */
    private static BigDecimal ledgerTotal(String campaign, CampaignTestbed bed, YearMonth month) {
        List<LedgerEntry> entries = new ArrayList<>();
        try (TopicReader r = new TopicReader(bed.bootstrap())) {
            r.readToEnd(new CampaignTopics(campaign).ledger(), Map.of(),
                    rec -> entries.add(LedgerRecords.decode(rec.value(), rec.topic() + "@" + rec.offset())), true,
                    Duration.ofMinutes(1));
        }
        return entries.stream().filter(e -> month == null || YearMonth.from(e.timestamp().atOffset(ZoneOffset.UTC)).equals(month))
                .map(LedgerEntry::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
