package dev.tierpack.campaign.ledger;

import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.SpendTally;
import dev.tierpack.manifests.restore.RestoreLedger;
import java.util.Objects;

/**
 * Restore costs into a campaign's Kafka ledger topic (docs/COSTS.md "Ledger"): each batch of restore requests is one
 * {@code RESTORE} entry carrying the campaign's name, committed in a ledger-only transaction before
 * {@link #record} returns, and counted at once in the campaign's spend tally (so the campaign's monthly cap and its
 * restore cap see it). Used by {@code replace run}, and by {@code restore}, {@code serve --restore-on-miss} and
 * {@code packer verify --restore-budget} when they are given the campaign file.
 */
public final class CampaignRestoreLedger implements RestoreLedger {
    private final CampaignLedger ledger;
    private final String campaign;

    public CampaignRestoreLedger(CampaignLedger ledger, String campaign) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.campaign = Objects.requireNonNull(campaign, "campaign");
    }

    @Override
    public synchronized void record(LedgerEntry e) {
        LedgerEntry mine = new LedgerEntry(e.timestamp(), campaign, e.role(), e.kind(), e.count(), e.bytes(), e.usd());
        ledger.record(CampaignLedger.Writer.REPLACE, mine);
        ledger.flush();
    }

    /** The campaign's spending: its committed ledger and every entry recorded since. */
    public SpendTally tally() {
        return ledger.spend();
    }
}
