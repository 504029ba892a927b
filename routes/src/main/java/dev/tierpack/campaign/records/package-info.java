/**
 * The campaign's Kafka topics and record values (docs/FORMAT.md section 5.1): work records, progress events, the
 * lister checkpoint and the worker totals, versioned JSON through {@link dev.tierpack.campaign.records.RecordCodec}.
 */
package dev.tierpack.campaign.records;
