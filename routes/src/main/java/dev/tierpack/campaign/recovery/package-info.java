/** What a campaign does at start about a crashed run's packs: reuse the indexed ones, delete the orphans. */
package dev.tierpack.campaign.recovery;
