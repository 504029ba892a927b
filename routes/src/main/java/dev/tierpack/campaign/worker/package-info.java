/**
 * The worker: batches of work records migrated through the packer and committed with their progress events and
 * consumer offsets in one Kafka transaction; store paths already published are skipped, corrupt ones quarantined.
 */
package dev.tierpack.campaign.worker;
