/**
 * The campaign file: {@link dev.tierpack.campaign.config.CampaignConfig#load} reads one YAML file with
 * Jackson into validated records (source, state directory, Kafka, warm and cold tiers, budget, rate
 * limits, concurrency, packing, price overrides, placement inputs). Unknown keys and invalid values
 * are {@link dev.tierpack.core.error.ConfigException}s naming the key's full path; the records hold no
 * secret.
 */
package dev.tierpack.campaign.config;
