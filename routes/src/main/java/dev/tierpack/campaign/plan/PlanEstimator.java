package dev.tierpack.campaign.plan;

import dev.tierpack.campaign.config.CampaignConfig;
import dev.tierpack.campaign.config.PackingConfig;
import dev.tierpack.core.cost.Charge;
import dev.tierpack.core.cost.ClassPrices;
import dev.tierpack.core.cost.Holding;
import dev.tierpack.core.cost.LineItem;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.Role;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.cost.StorageCost;
import dev.tierpack.core.cost.Tariff;
import dev.tierpack.core.cost.Uploads;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.packer.format.PackFooter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link SourceCensus} into a {@link CampaignPlan}: pure arithmetic, no I/O. What a run does
 * (docs/FORMAT.md sections 2 and 5) and how it is counted here:
 *
 * <ul>
 *   <li>the source is listed in pages of the source's page size and every narinfo, NAR, listing and
 *       {@code nix-cache-info} is read once (GET, its bytes egress); logs, realisations, debug info and
 *       other keys are listed but not read;
 *   <li>NAR data is stored as {@code narBytes × storedRatio} bytes, the warm fraction in warm packs,
 *       the rest in cold packs of the configured pack size; narinfos and listings go to warm metadata
 *       packs at their source size;
 *   <li>each pack is one streamed upload (one PUT up to one part, else initiate + parts + complete),
 *       read back by two ranged GETs (footer, trailer); its index object (112 bytes + the trailer) is
 *       one upload on the warm tier and read back by one GET;
 *   <li>a trailer holds 8 bytes per pack, 32 per segment and 44 per chunk; chunks are counted from the
 *       sample when there is one, else as one per average chunk size of stored bytes.
 * </ul>
 */
final class PlanEstimator {
    static final List<KeyKind> FETCHED = List.of(KeyKind.NARINFO, KeyKind.NAR, KeyKind.LISTING, KeyKind.CACHE_INFO);
    private static final int INDEX_OBJECT_OVERHEAD = 112;
    private static final int TRAILER_PER_PACK = 8;
    private static final int TRAILER_PER_SEGMENT = 32;
    private static final int TRAILER_PER_CHUNK = 44;

    private final CampaignConfig config;
    private final PlanOptions options;
    private final Tariff tariff;

    PlanEstimator(CampaignConfig config, PlanOptions options) {
        this.config = config;
        this.options = options;
        this.tariff = config.tariff();
    }

    /** Packs holding {@code bytes}: how many, and the size of the last. */
    record PackRun(long packs, long bytes, long lastPackBytes) {
        static PackRun of(long bytes, long packSize) {
            if (bytes <= 0) {
                return new PackRun(0, 0, 0);
            }
            long n = Math.ceilDiv(bytes, packSize);
            return new PackRun(n, bytes, bytes - (n - 1) * packSize);
        }
    }

    /** Trailer (IndexBody) bytes of a run of packs. */
    private long trailerBytes(PackRun run, double chunksPerByte) {
        if (run.packs() == 0) {
            return 0;
        }
        PackingConfig p = config.packing();
        long segments = Math.ceilDiv(run.bytes(), p.segmentSize()) + run.packs() - 1;
        long chunks = Math.max(run.packs(), (long) Math.ceil(run.bytes() * chunksPerByte));
        return run.packs() * TRAILER_PER_PACK + segments * TRAILER_PER_SEGMENT + chunks * TRAILER_PER_CHUNK;
    }

    CampaignPlan estimate(SourceCensus census, DedupSampler.Result sample, String source, String listedFrom,
            BigDecimal planCostUsd, double seconds) {
        PackingConfig packing = config.packing();
        long narBytes = census.bytes(KeyKind.NAR);
        double ratio = sample != null && sample.narObjectBytes() > 0 ? sample.ratio() : options.storedRatio();
        String ratioFrom = sample != null && sample.narObjectBytes() > 0 ? "sample"
                : options.storedRatio() == PlanOptions.DEFAULT_STORED_RATIO ? "default" : "option";
        double chunksPerByte = sample != null && sample.storedBytes() > 0
                ? (double) sample.storedChunks() / sample.storedBytes()
                : 1.0 / packing.chunker().avgSize();

        long stored = (long) Math.ceil(narBytes * ratio);
        long warmData = Math.round(stored * options.warmFraction());
        long coldData = stored - warmData;
        long metadataBytes = census.bytes(KeyKind.NARINFO) + census.bytes(KeyKind.LISTING) + census.bytes(KeyKind.CACHE_INFO);
        long metadataObjects = census.objects(KeyKind.NARINFO) + census.objects(KeyKind.LISTING) + census.objects(KeyKind.CACHE_INFO);

        PackRun warmPacks = PackRun.of(warmData, packing.packSize());
        PackRun coldPacks = PackRun.of(coldData, packing.packSize());
        PackRun metaPacks = PackRun.of(metadataBytes, packing.packSize());
        double metaChunksPerByte = metadataBytes == 0 ? 0 : (double) (metadataObjects + metadataBytes / packing.chunker().avgSize()) / metadataBytes;
        long warmTrailers = trailerBytes(warmPacks, chunksPerByte) + trailerBytes(metaPacks, metaChunksPerByte);
        long coldTrailers = trailerBytes(coldPacks, chunksPerByte);
        long indexObjects = warmPacks.packs() + coldPacks.packs() + metaPacks.packs();
        long indexBytes = indexObjects * INDEX_OBJECT_OVERHEAD + warmTrailers + coldTrailers;

        // requests
        Map<RequestKind, Long> src = new EnumMap<>(RequestKind.class);
        long fetched = 0;
        long egress = 0;
        for (KeyKind k : FETCHED) {
            fetched += census.objects(k);
            egress += census.bytes(k);
        }
        src.put(RequestKind.LIST, Math.max(1, Math.ceilDiv(census.objects(), config.source().listPageSize())));
        src.put(RequestKind.GET, fetched);

        Map<RequestKind, Long> warm = new EnumMap<>(RequestKind.class);
        Map<RequestKind, Long> cold = new EnumMap<>(RequestKind.class);
        uploads(warm, warmPacks);
        uploads(warm, metaPacks);
        uploads(cold, coldPacks);
        if (indexObjects > 0) {
            long avgIndex = Math.ceilDiv(indexBytes, indexObjects);
            Uploads.requests(avgIndex, packing.partSize()).forEach((k, n) -> warm.merge(k, n * indexObjects, Long::sum));
            warm.merge(RequestKind.GET, indexObjects, Long::sum);
        }
        addIfPositive(warm, RequestKind.GET_RANGE, 2 * (warmPacks.packs() + metaPacks.packs()));
        addIfPositive(cold, RequestKind.GET_RANGE, 2 * coldPacks.packs());
        long warmReadBack = (warmPacks.packs() + metaPacks.packs()) * PackFooter.SIZE + warmTrailers;
        long coldReadBack = coldPacks.packs() * PackFooter.SIZE + coldTrailers;

        // cost of the run
        Map<LineItem, BigDecimal> items = new EnumMap<>(LineItem.class);
        charge(items, Role.SOURCE, RequestKind.LIST, src.get(RequestKind.LIST), 0);
        charge(items, Role.SOURCE, RequestKind.GET, fetched, egress);
        for (var e : warm.entrySet()) {
            long bytes = switch (e.getKey()) {
                case GET -> indexBytes;
                case GET_RANGE -> warmReadBack;
                default -> 0;
            };
            charge(items, Role.WARM, e.getKey(), e.getValue(), bytes);
        }
        for (var e : cold.entrySet()) {
            charge(items, Role.COLD, e.getKey(), e.getValue(), e.getKey() == RequestKind.GET_RANGE ? coldReadBack : 0);
        }
        Map<String, BigDecimal> costUsd = new LinkedHashMap<>();
        BigDecimal migration = Money.ZERO;
        for (var e : items.entrySet()) {
            costUsd.put(e.getKey().key(), e.getValue());
            migration = migration.add(e.getValue());
        }

        // storage
        StorageCost storageCost = new StorageCost(config.prices());
        StorageClass coldClass = config.cold().storageClass();
        long warmStored = warmData + metadataBytes + indexBytes;
        Holding coldHolding = packHolding(coldClass, coldPacks);
        StorageCost.Comparison cmp = storageCost.compare(census.holdings(), warmStored, coldHolding);
        ClassPrices coldPrices = config.prices().of(coldClass);
        var inPlace = new CampaignPlan.InPlaceTransition(coldClass.name(), census.objects(),
                Money.perThousand(coldPrices.transitionPer1000(), census.objects()), storageCost.monthly(census.asCold()));

        // budget and time
        BigDecimal cap = config.budget().monthlyCapUsd();
        long months = Math.max(1, migration.divide(cap, 0, RoundingMode.CEILING).longValueExact());
        boolean totalOk = config.budget().totalCapUsd() == null || config.budget().totalCapUsd().compareTo(migration) >= 0;
        Long minSeconds = minimumSeconds(src, warm, cold, egress);

        Map<String, Long> objectsByKind = new LinkedHashMap<>();
        Map<String, Long> bytesByKind = new LinkedHashMap<>();
        census.byKind().forEach((k, v) -> {
            objectsByKind.put(k.name(), v[0]);
            bytesByKind.put(k.name(), v[1]);
        });
        Map<String, Long> objectsByClass = new LinkedHashMap<>();
        Map<String, Long> bytesByClass = new LinkedHashMap<>();
        census.byClass().forEach((k, v) -> {
            objectsByClass.put(k, v[0]);
            bytesByClass.put(k, v[1]);
        });
        Map<String, Map<String, Long>> requests = new LinkedHashMap<>();
        requests.put(Role.SOURCE.key(), names(src));
        requests.put(Role.WARM.key(), names(warm));
        requests.put(Role.COLD.key(), names(cold));

        return new CampaignPlan(config.name(), source, listedFrom, config.prices().asOf().toString(),
                census.objects(), census.bytes(), census.narinfos(), narBytes, objectsByKind, bytesByKind,
                objectsByClass, bytesByClass,
                new CampaignPlan.Assumptions(ratio, ratioFrom, options.warmFraction(),
                        FETCHED.stream().map(Enum::name).toList(), packing.packSize(), packing.partSize(),
                        packing.chunker().avgSize(), census.unpricedClasses()),
                sample == null ? null : new CampaignPlan.Sample(sample.storePaths(), sample.failed(), sample.narObjectBytes(),
                        sample.narSize(), sample.storedBytes(), sample.packs(), sample.chunks(), sample.storedChunks(),
                        sample.dedupChunks(), sample.ratio()),
                requests, egress,
                ordered("warm", warmStored, "cold", coldData),
                ordered("warm", warmPacks.packs() + metaPacks.packs() + indexObjects, "cold", coldPacks.packs()),
                ordered3("warm", warmPacks.packs(), "cold", coldPacks.packs(), "metadata", metaPacks.packs()),
                costUsd, migration,
                new CampaignPlan.Storage(cmp.beforeUsd(), cmp.before(), cmp.warmUsd(), cmp.cold(), cmp.afterUsd(), cmp.savingsUsd()),
                inPlace,
                new CampaignPlan.BudgetOutlook(cap, config.budget().totalCapUsd(), months, totalOk),
                minSeconds, planCostUsd, seconds);
    }

    private void uploads(Map<RequestKind, Long> into, PackRun run) {
        if (run.packs() == 0) {
            return;
        }
        long part = config.packing().partSize();
        Uploads.requests(config.packing().packSize(), part).forEach((k, n) -> into.merge(k, n * (run.packs() - 1), Long::sum));
        Uploads.requests(run.lastPackBytes(), part).forEach((k, n) -> into.merge(k, n, Long::sum));
        into.values().removeIf(n -> n == 0);
    }

    private static void addIfPositive(Map<RequestKind, Long> m, RequestKind k, long n) {
        if (n > 0) {
            m.merge(k, n, Long::sum);
        }
    }

    private void charge(Map<LineItem, BigDecimal> items, Role role, RequestKind kind, long count, long bytes) {
        for (Charge c : tariff.request(role, kind, count, bytes)) {
            items.merge(c.item(), c.usd(), BigDecimal::add);
        }
    }

    /** Each pack billed at least at the class's minimum object size. */
    private Holding packHolding(StorageClass cls, PackRun run) {
        if (run.packs() == 0) {
            return new Holding(cls, 0, 0, 0);
        }
        ClassPrices p = config.prices().of(cls);
        long billed = (run.packs() - 1) * p.billableSize(config.packing().packSize()) + p.billableSize(run.lastPackBytes());
        return new Holding(cls, run.packs(), run.bytes(), billed);
    }

    private Long minimumSeconds(Map<RequestKind, Long> src, Map<RequestKind, Long> warm, Map<RequestKind, Long> cold, long egress) {
        var limits = config.limits();
        double seconds = -1;
        if (limits.sourceRequestsPerSecond().isPresent()) {
            long n = src.values().stream().mapToLong(Long::longValue).sum();
            seconds = Math.max(seconds, n / limits.sourceRequestsPerSecond().getAsDouble());
        }
        if (limits.sourceBytesPerSecond().isPresent()) {
            seconds = Math.max(seconds, (double) egress / limits.sourceBytesPerSecond().getAsLong());
        }
        if (limits.tierRequestsPerSecond().isPresent()) {
            long n = Math.max(warm.values().stream().mapToLong(Long::longValue).sum(),
                    cold.values().stream().mapToLong(Long::longValue).sum());
            seconds = Math.max(seconds, n / limits.tierRequestsPerSecond().getAsDouble());
        }
        return seconds < 0 ? null : (long) Math.ceil(seconds);
    }

    private static Map<String, Long> names(Map<RequestKind, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    private static Map<String, Long> ordered(String k1, long v1, String k2, long v2) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static Map<String, Long> ordered3(String k1, long v1, String k2, long v2, String k3, long v3) {
        Map<String, Long> m = ordered(k1, v1, k2, v2);
        m.put(k3, v3);
        return m;
    }
}
