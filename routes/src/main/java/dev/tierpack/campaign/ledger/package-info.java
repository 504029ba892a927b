/**
 * The campaign's cost ledger: every request and byte priced as it happens ({@link dev.tierpack.core.cost.CostMeter}),
 * buffered per writer and appended to the Kafka topic {@code tierpack.<campaign>.ledger} inside the transaction of
 * the work it belongs to (docs/FORMAT.md section 5, docs/COSTS.md "Ledger"); rebuilt into a spend tally on start;
 * the budget gate of the worker and the lister.
 */
package dev.tierpack.campaign.ledger;
