/**
 * {@code campaign plan}: counts a source (listing or S3 Inventory), optionally measures a sample with
 * the packer, and estimates a campaign's requests, cost and storage without writing anything
 * (docs/COSTS.md, "What campaign plan assumes").
 */
package dev.tierpack.campaign.plan;
