package dev.tierpack.campaign.ledger;

import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.core.cost.SpendTally;
import dev.tierpack.kafka.TopicReader;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * What the ledger topic says about a campaign's spending, for {@code campaign status} (whether or not a run is
 * active: only committed entries are read).
 *
 * @param entries            ledger entries
 * @param spentUsd           over the whole campaign
 * @param spentThisMonthUsd  in the current calendar month (UTC)
 * @param lastRun            the budget state the last run ended in, if any run ended
 */
public record LedgerStatus(long entries, BigDecimal spentUsd, BigDecimal spentThisMonthUsd, Optional<BudgetState> lastRun) {

    /** Reads the ledger and checkpoint topics of a campaign that exists. */
    public static LedgerStatus read(String bootstrap, CampaignTopics topics, Clock clock, Duration timeout) {
        SpendTally tally = new SpendTally();
        long[] n = {0};
        try (TopicReader reader = new TopicReader(bootstrap)) {
            reader.readToEnd(topics.ledger(), Map.of(), r -> {
                tally.add(LedgerRecords.decode(r.value(), r.topic() + "/" + r.partition() + "@" + r.offset()));
                n[0]++;
            }, false, timeout);
            Optional<BudgetState> state = BudgetState.read(reader, topics, timeout);
            return new LedgerStatus(n[0], tally.total(), tally.spentIn(YearMonth.now(clock.withZone(ZoneOffset.UTC))), state);
        }
    }
}
