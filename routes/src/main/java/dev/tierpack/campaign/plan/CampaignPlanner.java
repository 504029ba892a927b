package dev.tierpack.campaign.plan;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.inventory.InventoryObject;
import dev.tierpack.campaign.inventory.InventoryReader;
import dev.tierpack.core.cost.CostMeter;
import dev.tierpack.core.cost.MeteredSource;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.BinaryCacheSources;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.core.source.SourceUri;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code campaign plan}: counts the source (by listing it, or from an S3 Inventory report when the
 * campaign file names one), optionally measures a sample, and estimates the run. It never writes:
 * the tiers are not opened, the state directory is not created, the source is only listed and read.
 * Its own source requests are metered and priced like the run's ({@link CampaignPlan#planCostUsd()}).
 */
public final class CampaignPlanner {
    private static final Logger log = LoggerFactory.getLogger(CampaignPlanner.class);

    private final CampaignConfig config;
    private final PlanOptions options;

    public CampaignPlanner(CampaignConfig config, PlanOptions options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
    }

    public CampaignPlan plan() {
        long t0 = System.nanoTime();
        CostMeter meter = CostMeter.builder(config.tariff(), config.name()).source("source").build();
        SourceCensus census = new SourceCensus(config.prices(), config.source().storageClass(),
                config.cold().storageClass(), options.sample(), options.seed());
        String listedFrom;
        DedupSampler.Result sample = null;
        BinaryCacheSource source = null;
        try {
            if (config.source().inventory().isPresent()) {
                countInventory(config.source().inventory().get(), census);
                listedFrom = "inventory";
            } else {
                source = open(meter);
                for (Iterator<SourceObject> it = source.list(null); it.hasNext(); ) {
                    SourceObject o = it.next();
                    census.add(o.key(), o.size(), null);
                }
                listedFrom = "listing";
            }
            log.info("source counted: campaign={} from={} objects={} bytes={} storePaths={}", config.name(), listedFrom,
                    census.objects(), census.bytes(), census.narinfos());
            if (options.sample() > 0 && census.narinfos() > 0) {
                if (source == null) {
                    source = open(meter);
                }
                sample = new DedupSampler(source, config.packing()).measure(census.sample());
                log.info("sample measured: storePaths={} failed={} ratio={}", sample.storePaths(), sample.failed(), sample.ratio());
            }
        } finally {
            if (source != null) {
                source.close();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new PlanEstimator(config, options).estimate(census, sample, config.source().uri().describe(), listedFrom,
                meter.snapshot().totalUsd(), seconds);
    }

    private BinaryCacheSource open(CostMeter meter) {
        return new MeteredSource(BinaryCacheSources.open(config.source().uri()), meter, config.source().listPageSize());
    }

    /** Counts the inventory's objects under the source prefix, keys made relative to it (as a listing reports them). */
    private void countInventory(Path manifest, SourceCensus census) {
        if (!(config.source().uri() instanceof SourceUri.S3 s3)) {
            throw new ConfigException("an S3 Inventory describes an s3:// source", "key", "source.inventory");
        }
        try (InventoryReader reader = InventoryReader.open(manifest)) {
            if (!reader.manifest().sourceBucket().equals(s3.bucket())) {
                throw new ConfigException("the inventory is of another bucket", "manifest", manifest,
                        "inventoryBucket", reader.manifest().sourceBucket(), "sourceBucket", s3.bucket());
            }
            while (reader.hasNext()) {
                InventoryObject o = reader.next();
                if (!o.key().startsWith(s3.prefix())) {
                    continue;
                }
                String key = o.key().substring(s3.prefix().length());
                if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
                    continue; // placeholders, as a listing skips them
                }
                census.add(key, o.size(), o.storageClass());
            }
        }
    }
}
