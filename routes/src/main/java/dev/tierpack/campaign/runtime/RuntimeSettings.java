package dev.tierpack.campaign.runtime;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.placement.PlacementPolicy;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.TierSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the campaign runtime needs to run one campaign, already validated. It is built from command-line
 * options today and from the campaign's YAML file later (the config work maps its keys onto this record); the
 * runtime never reads configuration by itself.
 *
 * @param campaign       campaign name: lowercase letters, digits, {@code -} and {@code _}; it names the Kafka
 *                       topics ({@code tierpack.<campaign>.work}, …) and the consumer group
 * @param source         the binary cache to migrate, or {@link SourceChoice.EmbeddedDemo} for the demo bucket of
 *                       the embedded S3 server
 * @param warm           the warm tier (packs and every index object)
 * @param cold           the cold tier
 * @param kafkaBootstrap {@code host:port[,host:port…]}, or {@link #EMBEDDED} for the broker under the state dir
 * @param partitions     partitions of the work topic (fixed once the topic exists)
 * @param batchSize      store paths per worker transaction (the unit of commit and of redo after a crash)
 * @param maxBatchAge    how long a batch waits for more work records before it is processed anyway
 * @param stateDir       local state: chunk index, progress view, scratch space, embedded services
 * @param concurrency    narinfo GETs in flight while listing
 * @param listPageSize   keys per listing request (1..1000)
 * @param listInterval   pause between listing pages (the lister's timer period)
 * @param packSize       target pack size in bytes
 * @param cost           prices, budget caps, rate limits and the budget's clock ({@link CostSettings})
 * @param resilience     retries, circuit breakers, bulkheads and rate limits around every remote call
 * @param placement      which store paths go warm and which cold ({@link PlacementPolicy#none()}: all warm)
 */
public record RuntimeSettings(
        String campaign,
        SourceChoice source,
        TierChoice warm,
        TierChoice cold,
        String kafkaBootstrap,
        int partitions,
        int batchSize,
        Duration maxBatchAge,
        Path stateDir,
        int concurrency,
        int listPageSize,
        Duration listInterval,
        long packSize,
        CostSettings cost,
        ResilienceSettings resilience,
        PlacementPolicy placement) {

    /** The value of {@link #kafkaBootstrap} that selects the embedded broker. */
    public static final String EMBEDDED = "embedded";

    public static final int DEFAULT_PARTITIONS = 6;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_MAX_BATCH_AGE = Duration.ofSeconds(30);
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final int DEFAULT_LIST_PAGE_SIZE = 1000;
    public static final Duration DEFAULT_LIST_INTERVAL = Duration.ofMillis(10);
    public static final long DEFAULT_PACK_SIZE = 512L << 20;
    /** Smallest pack target accepted (tests use tiny packs; production uses hundreds of MiB). */
    public static final long MIN_PACK_SIZE = 64 << 10;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public RuntimeSettings {
        if (campaign == null || !NAME.matcher(campaign).matches()) {
            throw new ConfigException("invalid campaign name: lowercase letters, digits, '-' and '_', at most 63",
                    "name", campaign);
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(warm, "warm");
        Objects.requireNonNull(cold, "cold");
        if (kafkaBootstrap == null || kafkaBootstrap.isBlank()) {
            throw new ConfigException("kafka bootstrap must be host:port[,host:port] or 'embedded'", "kafka", kafkaBootstrap);
        }
        requireRange("partitions", partitions, 1, 1000);
        requireRange("batchSize", batchSize, 1, 1_000_000);
        requirePositive("maxBatchAge", maxBatchAge);
        Objects.requireNonNull(stateDir, "stateDir");
        stateDir = stateDir.toAbsolutePath().normalize();
        requireRange("concurrency", concurrency, 1, 1024);
        requireRange("listPageSize", listPageSize, 1, 1000);
        requirePositive("listInterval", listInterval);
        if (packSize < MIN_PACK_SIZE) {
            throw new ConfigException("pack size too small", "packSize", packSize, "min", MIN_PACK_SIZE);
        }
        Objects.requireNonNull(cost, "cost");
        resilience = resilience == null ? ResilienceSettings.defaults() : resilience;
        Objects.requireNonNull(placement, "placement");
    }

    /** Defaults for everything but the name, the source and the state dir; embedded tiers and Kafka. */
    public static RuntimeSettings defaults(String campaign, SourceChoice source, Path stateDir) {
        return new RuntimeSettings(campaign, source, TierChoice.Embedded.WARM, TierChoice.Embedded.COLD, EMBEDDED,
                DEFAULT_PARTITIONS, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_AGE, stateDir, DEFAULT_CONCURRENCY,
                DEFAULT_LIST_PAGE_SIZE, DEFAULT_LIST_INTERVAL, DEFAULT_PACK_SIZE, CostSettings.defaults(),
                ResilienceSettings.defaults(), PlacementPolicy.none());
    }

    public boolean embeddedKafka() {
        return EMBEDDED.equals(kafkaBootstrap);
    }

    /** Whether anything needs the embedded S3 server of the state dir. */
    public boolean needsEmbeddedS3() {
        return source instanceof SourceChoice.EmbeddedDemo || warm instanceof TierChoice.Embedded
                || cold instanceof TierChoice.Embedded;
    }

    /** This campaign's directory under the state dir (progress view, scratch space, run lock). */
    public Path campaignDir() {
        return stateDir.resolve("campaigns").resolve(campaign);
    }

    public RuntimeSettings withTiers(TierChoice warm, TierChoice cold) {
        return copy(b -> {
            b.warm = warm;
            b.cold = cold;
        });
    }

    public RuntimeSettings withKafka(String bootstrap) {
        return copy(b -> b.kafkaBootstrap = bootstrap);
    }

    public RuntimeSettings withBatching(int batchSize, Duration maxBatchAge) {
        return copy(b -> {
            b.batchSize = batchSize;
            b.maxBatchAge = maxBatchAge;
        });
    }

    public RuntimeSettings withListing(int listPageSize, Duration listInterval, int concurrency) {
        return copy(b -> {
            b.listPageSize = listPageSize;
            b.listInterval = listInterval;
            b.concurrency = concurrency;
        });
    }

    public RuntimeSettings withPartitions(int partitions) {
        return copy(b -> b.partitions = partitions);
    }

    public RuntimeSettings withPackSize(long packSize) {
        return copy(b -> b.packSize = packSize);
    }

    public RuntimeSettings withCost(CostSettings cost) {
        return copy(b -> b.cost = cost);
    }

    public RuntimeSettings withStateDir(Path stateDir) {
        return copy(b -> b.stateDir = stateDir);
    }

    public RuntimeSettings withResilience(ResilienceSettings resilience) {
        return copy(b -> b.resilience = resilience);
    }

    public RuntimeSettings withPlacement(PlacementPolicy placement) {
        return copy(b -> b.placement = placement);
    }

    /** A copy with the changes {@code change} makes to its components, validated again by the constructor. */
    private RuntimeSettings copy(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** The components of a settings record being changed by a {@code withX} method. */
    private static final class Copy {
        private final String campaign;
        private final SourceChoice source;
        private TierChoice warm;
        private TierChoice cold;
        private String kafkaBootstrap;
        private int partitions;
        private int batchSize;
        private Duration maxBatchAge;
        private Path stateDir;
        private int concurrency;
        private int listPageSize;
        private Duration listInterval;
        private long packSize;
        private CostSettings cost;
        private ResilienceSettings resilience;
        private PlacementPolicy placement;

        Copy(RuntimeSettings s) {
            campaign = s.campaign;
            source = s.source;
            warm = s.warm;
            cold = s.cold;
            kafkaBootstrap = s.kafkaBootstrap;
            partitions = s.partitions;
            batchSize = s.batchSize;
            maxBatchAge = s.maxBatchAge;
            stateDir = s.stateDir;
            concurrency = s.concurrency;
            listPageSize = s.listPageSize;
            listInterval = s.listInterval;
            packSize = s.packSize;
            cost = s.cost;
            resilience = s.resilience;
            placement = s.placement;
        }

        RuntimeSettings build() {
            return new RuntimeSettings(campaign, source, warm, cold, kafkaBootstrap, partitions, batchSize, maxBatchAge,
                    stateDir, concurrency, listPageSize, listInterval, packSize, cost, resilience, placement);
        }
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException("value out of range", "key", key, "value", value, "min", min, "max", max);
        }
    }

    private static void requirePositive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigException("duration must be positive", "key", key, "value", d);
        }
    }

    /** Where the campaign reads from. */
    public sealed interface SourceChoice {
        /** A binary cache given by URI ({@code file:///…} or {@code s3://…}). */
        record Uri(SourceUri uri) implements SourceChoice {
            public Uri {
                Objects.requireNonNull(uri, "uri");
            }
        }

        /**
         * The demo bucket of the embedded S3 server, filled with a generated sample cache of {@code packages} packages
         * over {@code bumps} channel bumps when it is empty.
         */
        record EmbeddedDemo(String bucket, int packages, int bumps) implements SourceChoice {
            public static final EmbeddedDemo DEFAULT = new EmbeddedDemo("nix-cache", 24, 6);

            public EmbeddedDemo {
                Objects.requireNonNull(bucket, "bucket");
                requireRange("packages", packages, 1, 1_000_000);
                requireRange("bumps", bumps, 1, 1000);
            }
        }
    }

    /** Where a tier lives. */
    public sealed interface TierChoice {
        /**
         * A bucket of the embedded S3 server of the state dir.
         *
         * @param storageClass storage class of uploads, or null for STANDARD
         */
        record Embedded(String name, String bucket, String storageClass) implements TierChoice {
            public static final Embedded WARM = new Embedded("warm", "tierpack-warm", null);
            public static final Embedded COLD = new Embedded("cold", "tierpack-cold", "DEEP_ARCHIVE");

            public Embedded {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(bucket, "bucket");
            }
        }

        /** Any tier {@link dev.tierpack.core.tier.Tiers#open} can open (MinIO, S3, an S3-compatible server). */
        record Spec(TierSpec spec) implements TierChoice {
            public Spec {
                Objects.requireNonNull(spec, "spec");
                if (spec instanceof TierSpec.Embedded) {
                    throw new IllegalArgumentException("use TierChoice.Embedded for the embedded server");
                }
            }
        }
    }
}
