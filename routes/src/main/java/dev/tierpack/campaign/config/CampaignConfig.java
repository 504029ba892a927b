package dev.tierpack.campaign.config;

import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.Tariff;
import dev.tierpack.core.error.ConfigException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validated campaign file (README.md, "Campaign file"). Holds no secret: credentials are named by
 * file, profile or environment and read only when a tier or the source is opened, so the record may
 * be logged as it is. Every path is absolute (relative paths in the file resolve against its
 * directory).
 *
 * @param file the campaign file itself
 * @param name the campaign's name: letters, digits, {@code . _ -} (it names Kafka topics)
 * @param stateDir local state: embedded services, chunk index, scratch space
 * @param concurrency store paths processed at once
 */
public record CampaignConfig(Path file, String name, SourceConfig source, Path stateDir, KafkaConfig kafka,
        WarmTierConfig warm, ColdTierConfig cold, Budget budget, Limits limits, int concurrency,
        PackingConfig packing, PriceTable prices, PlacementConfig placement) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int MAX_CONCURRENCY = 1024;

    public CampaignConfig {
        Objects.requireNonNull(file, "file");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException("name must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit",
                    "key", "name", "value", name);
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(warm, "warm");
        Objects.requireNonNull(cold, "cold");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(limits, "limits");
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new ConfigException("concurrency must be in [1, 1024]", "key", "concurrency", "value", concurrency);
        }
        Objects.requireNonNull(packing, "packing");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(placement, "placement");
    }

    /** Reads and validates a campaign file. */
    public static CampaignConfig load(Path file) {
        return CampaignConfigLoader.load(file);
    }

    /** Prices by role for this campaign: its source's class and its cold tier's class. */
    public Tariff tariff() {
        return new Tariff(prices, source.storageClass(), cold.storageClass());
    }
}
