package dev.tierpack.campaign.replace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.campaign.CampaignTestbed;
import dev.tierpack.campaign.ledger.CampaignLedger;
import dev.tierpack.campaign.ledger.LedgerRecords;
import dev.tierpack.campaign.placement.CampaignPlacement;
import dev.tierpack.campaign.placement.Explanation;
import dev.tierpack.campaign.placement.PlacementExplainer;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.runtime.CampaignControl;
import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.cli.CliRun;
import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.core.placement.PlacementStore;
import dev.tierpack.core.testing.ArchiveS3Layer;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.testing.MutableClock;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.kafka.TopicReader;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.manifests.read.ReassemblyStats;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.verify.VerifyReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-placement on the shared corpus (issue 6): a campaign migrates it with bump 5 hot (and fixed outputs) onto a cold
 * tier with archive semantics ({@link ArchiveS3Layer}, clock moved by the test); the campaign file then says bump 6.
 * {@code replace plan} lists exactly the paths whose decision changed; {@code replace run} with a cap below the cost
 * pauses; with the cap restored it requests the restores and waits, and once the clock passed the restore delay it
 * moves the data: every path in bump 6's closure (and every fixed output) is warm, the others cold, no chunk a hot
 * path needs is only cold, {@code packer verify --full} is clean, every path reads back to its NarHash, {@code explain}
 * agrees, and the campaign's ledger topic holds the restore and PUT costs re-placement reported.
 */
class ReplaceCorpusTest {
    @TempDir Path tmp;

    @Test
    void bump5ToBump6MovesExactlyTheChangedPathsWithRestoresBudgetAndLedger() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        String name = "replace-bar";
        MutableClock clock = MutableClock.startingNow();
        try (ArchiveS3Layer layer = ArchiveS3Layer.start(bed.s3, clock)) {
            RuntimeSettings settings = bed.corpusCampaign(name, tmp, 5, layer.endpoint());
            CampaignRuntime.Result campaign = CampaignTestbed.runToEnd(settings, Duration.ofMinutes(5));
            assertThat(campaign.ending().state()).isEqualTo(CampaignControl.State.COMPLETE);
            Path state = settings.stateDir();
            Path config = tmp.resolve("campaign.yaml");
            // the same campaign as a file (what the replace commands read), its placement and cap as the test goes
            BiFunction<Integer, String, Path> yaml = (bump, cap) -> {
                try {
                    return bed.campaignFile(config, name, tmp.resolve("cache"), state, layer.endpoint(),
                            "budget: { monthlyCapUsd: " + cap + " }",
                            "packing: { packSize: 4MiB, segmentSize: 1MiB }",
                            "placement: { hotRoots: [ " + Corpus.channelBump(bump) + " ], fixedOutputsHot: true }");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };

            Map<String, NarInfo> infos = infos();
            Set<String> hot5 = hot(infos, 5);
            Set<String> hot6 = hot(infos, 6);
            Set<String> turningHot = minus(hot6, hot5);
            Set<String> turningCold = minus(hot5, hot6);
            assertThat(turningHot).as("bump 6 adds hot paths").isNotEmpty();
            assertThat(turningCold).as("bump 5 loses hot paths").isNotEmpty();

            long warmDataBefore = warmDataPacks(bed, name);

            // the policy changes: plan lists exactly the changed paths and writes nothing
            yaml.apply(6, "100");
            Path planJson = tmp.resolve("plan.json");
            CliRun plan = CliRun.run("replace", "plan", "--config", config.toString(), "--report-json", planJson.toString());
            assertThat(plan.status()).as(plan.out() + plan.err()).isZero();
            JsonNode p = new ObjectMapper().readTree(planJson.toFile());
            assertThat(hashes(p.get("toWarm"))).isEqualTo(turningHot);
            assertThat(hashes(p.get("toCold"))).isEqualTo(turningCold);
            assertThat(p.get("coldPacks").size()).as("cold packs to restore").isPositive();
            JsonNode cost = p.get("cost");
            assertThat(cost.get("totalUsd").decimalValue()).isPositive()
                    .isEqualByComparingTo(cost.get("restoreUsd").decimalValue().add(cost.get("coldGetUsd").decimalValue())
                            .add(cost.get("warmPutUsd").decimalValue()).add(cost.get("coldPutUsd").decimalValue()));
            // the restore line is the price table's: BULK (the default tier) for the packs and their stored bytes
            assertThat(cost.get("restoreUsd").decimalValue()).isEqualByComparingTo(dev.tierpack.core.placement.RestoreEstimate
                    .byTier(dev.tierpack.core.placement.RestoreEstimate.of(PriceTable.defaults(), StorageClass.DEEP_ARCHIVE,
                            p.get("coldPacks").size(), p.get("coldPackBytes").asLong()))
                    .get(RestoreTier.BULK).costUsd());
            assertThat(p.get("coldPackBytes").asLong()).isPositive();
            assertThat(plan.out()).contains("turning hot (cold -> warm): " + turningHot.size() + " paths",
                    "turning cold (warm -> cold): " + turningCold.size() + " paths");
            assertThat(layer.restoreCalls()).as("plan restores nothing").isEmpty();

            // a monthly cap below what is spent plus the restore pauses re-placement before any request
            BigDecimal spentBefore = ledger(bed, name).stream().map(LedgerEntry::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
            yaml.apply(6, spentBefore.add(new BigDecimal("0.000001")).toPlainString());
            CliRun paused = CliRun.run("replace", "run", "--config", config.toString(), "--restore-tier", "standard");
            assertThat(paused.status()).as(paused.out() + paused.err()).isZero();
            assertThat(paused.out()).contains("state: paused: budget");
            assertThat(layer.restoreCalls()).isEmpty();

            // within budget: restores requested, then waiting
            yaml.apply(6, "100");
            CliRun waiting = CliRun.run("replace", "run", "--config", config.toString(), "--restore-tier", "standard");
            assertThat(waiting.status()).as(waiting.out() + waiting.err()).isZero();
            assertThat(waiting.out()).contains("state: waiting: restore", "started=" + p.get("coldPacks").size());
            assertThat(layer.restoreCalls()).hasSize(p.get("coldPacks").size())
                    .allSatisfy(c -> assertThat(c.tier()).isEqualTo(RestoreTier.STANDARD));
            CliRun stillWaiting = CliRun.run("replace", "run", "--config", config.toString(), "--restore-tier", "standard");
            assertThat(stillWaiting.out()).contains("state: waiting: restore", "started=0");

            // restores done: the run moves the data
            clock.advance(layer.delay(RestoreTier.STANDARD).plus(Duration.ofSeconds(1)));
            Path resultJson = tmp.resolve("result.json");
            CliRun done = CliRun.run("replace", "run", "--config", config.toString(), "--restore-tier", "standard",
                    "--report-json", resultJson.toString());
            assertThat(done.status()).as(done.out() + done.err()).isZero();
            assertThat(done.out()).contains("state: complete");
            JsonNode r = new ObjectMapper().readTree(resultJson.toFile());
            assertThat(r.get("warmed").asLong()).isEqualTo(turningHot.size());
            assertThat(r.get("cooled").asLong()).isEqualTo(turningCold.size());
            assertThat(r.get("chunksToWarm").asLong()).isPositive();
            assertThat(r.get("warmPacksDeleted").asLong()).as("warm packs deleted")
                    .isEqualTo(warmDataBefore + r.get("warmPacks").asLong() - warmDataPacks(bed, name));
            CliRun again = CliRun.run("replace", "plan", "--config", config.toString());
            assertThat(again.out()).contains("turning hot (cold -> warm): 0 paths", "turning cold (warm -> cold): 0 paths");

            // the ledger topic holds what re-placement spent: every restore started, PUTs, by the replace writer
            List<LedgerEntry> replaced = ledgerOf(bed, name, "replace");
            long restored = replaced.stream().filter(e -> e.kind().equals("RESTORE")).mapToLong(LedgerEntry::count).sum();
            assertThat(restored).isEqualTo(p.get("coldPacks").size());
            assertThat(replaced).anyMatch(e -> e.role() == dev.tierpack.core.cost.Role.WARM && e.kind().contains("PUT")
                    || e.kind().equals("UPLOAD_PART"));
            assertThat(replaced).anyMatch(e -> e.role() == dev.tierpack.core.cost.Role.COLD && e.kind().equals("GET_RANGE"));
            BigDecimal replaceSpent = replaced.stream().map(LedgerEntry::usd).reduce(Money.ZERO, BigDecimal::add);
            BigDecimal reported = new ObjectMapper().readTree(resultJson.toFile()).get("spentUsd").decimalValue();
            assertThat(replaceSpent).isGreaterThanOrEqualTo(reported).isPositive();

            String needsRestore = null;
            VerifyReport verify = bed.verifyFull(name, state);
            assertThat(verify.ok()).as(verify.toString()).isTrue();
            assertThat(verify.packsCold()).isPositive();

            try (Tier warm = bed.warm(name); Tier coldDirect = bed.cold(name);
                    ChunkIndex index = ChunkIndex.open(state.resolve("chunk-index"));
                    Catalog catalog = Catalog.open(state.resolve("catalog"));
                    PlacementStore placement = PlacementStore.open(CampaignPlacement.storeDir(state.resolve("campaigns").resolve(name)))) {
                List<CatalogEntry> entries = new ArrayList<>();
                catalog.forEach(entries::add);
                Set<ChunkId> hotNeeds = new HashSet<>();
                assertThat(entries).hasSize(infos.size());
                ReadBack warmOnly = new ReadBack(catalog, index, ChunkTiers.warmOnly(warm), ReassemblyConfig.defaults());
                // the upstream server serves archived objects directly: it reads every byte back, cold ones included
                ReadBack all = new ReadBack(catalog, index, new ChunkTiers(warm, coldDirect), ReassemblyConfig.defaults());
                PlacementExplainer explainer = new PlacementExplainer(warmOnly, index, placement, PriceTable.defaults(),
                        StorageClass.DEEP_ARCHIVE);
                for (CatalogEntry e : entries) {
                    String what = e.storePath().toString();
                    boolean hot = hot6.contains(e.hashPart());
                    assertThat(e.placement()).as(what).isEqualTo(hot ? TierCode.WARM : TierCode.COLD);
                    if (hot) {
                        Set<ChunkId> ids = new HashSet<>();
                        for (List<ChunkRef> file : warmOnly.manifest(e).layout().files()) {
                            file.forEach(c -> ids.add(c.id()));
                        }
                        hotNeeds.addAll(ids);
                        for (ChunkLocation l : index.findAll(ids).values()) {
                            assertThat(l.tier()).as("chunk of hot " + what).isEqualTo(TierCode.WARM);
                        }
                        assertThat(sha256Nar(warmOnly, e)).as("served warm without a restore: " + what)
                                .isEqualTo(infos.get(e.hashPart()).narHash().bytes());
                    } else {
                        assertThat(sha256Nar(all, e)).as(what).isEqualTo(infos.get(e.hashPart()).narHash().bytes());
                    }
                    Explanation x = explainer.explain(e.hashPart()).orElseThrow();
                    assertThat(x.tier()).as(what).isEqualTo(hot ? "warm" : "cold");
                    if (turningHot.contains(e.hashPart())) {
                        assertThat(x.rule()).as(what).isEqualTo("CHANNEL");
                        assertThat(x.restore()).as(what).isEmpty();
                    }
                    if (turningCold.contains(e.hashPart())) {
                        assertThat(x.rule()).as(what).isEqualTo("DEFAULT_COLD");
                    }
                    if (!hot && x.coldBytes() > 0) {
                        needsRestore = what;
                    }
                }
                // serve (warm tier only, no cold tier at all) answers every path that turned hot, NAR checked
                try (dev.tierpack.manifests.serve.CacheServer server = dev.tierpack.manifests.serve.CacheServer.start(
                        new java.net.InetSocketAddress("127.0.0.1", 0), warmOnly,
                        dev.tierpack.manifests.serve.ServeConfig.defaults()
                                .withEncoding(dev.tierpack.manifests.serve.NarEncoding.NONE));
                        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                    for (String h : turningHot) {
                        var narinfo = http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/" + h + ".narinfo"))
                                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                        assertThat(narinfo.statusCode()).as(h).isEqualTo(200);
                        String url = narinfo.body().lines().filter(l -> l.startsWith("URL: ")).findFirst().orElseThrow()
                                .substring(5);
                        var nar = http.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/" + url)).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                        assertThat(nar.statusCode()).as(url).isEqualTo(200);
                        assertThat(MessageDigest.getInstance("SHA-256").digest(nar.body())).as(url)
                                .isEqualTo(infos.get(h).narHash().bytes());
                    }
                }
                // every warm data pack left holds a chunk a hot path needs (the others moved cold and were deleted)
                List<dev.tierpack.packer.index.PublishedPack> warmData = new ArrayList<>();
                index.packs(pk -> {
                    if (pk.tier() == TierCode.WARM && pk.content() == dev.tierpack.packer.format.ContentCode.DATA) {
                        warmData.add(pk);
                    }
                });
                Set<dev.tierpack.packer.format.PackId> holdsHot = new HashSet<>();
                index.chunks((id, l) -> {
                    if (hotNeeds.contains(id)) {
                        holdsHot.add(l.packId());
                    }
                });
                assertThat(warmData).isNotEmpty()
                        .allSatisfy(pk -> assertThat(holdsHot).as(pk.packId().hex()).contains(pk.packId()));
            }
            assertThat(needsRestore).as("a cold path with data in cold packs").isNotNull();
            restoreIntoCampaignLedger(bed, layer, clock, tmp, state, config, name, needsRestore);
        }
    }


    /** Index objects of warm data packs on the warm tier. */
    static long warmDataPacks(CampaignTestbed bed, String name) throws Exception {
        long n = 0;
        try (Tier warm = bed.warm(name)) {
            for (var it = warm.list("index/", null); it.hasNext(); ) {
                String key = it.next().key();
                dev.tierpack.packer.format.PackIndexObject idx;
                try (java.io.InputStream in = warm.read(key)) {
                    idx = dev.tierpack.packer.format.PackIndexObject.decode(in.readAllBytes(), key);
                }
                if (idx.tier() == TierCode.WARM && idx.content() == dev.tierpack.packer.format.ContentCode.DATA) {
                    n++;
                }
            }
        }
        return n;
    }

    /** {@code restore --campaign-config F}: the restore's cost goes to the campaign's ledger topic, not a local file. */
    private static void restoreIntoCampaignLedger(CampaignTestbed bed, ArchiveS3Layer layer, MutableClock clock,
            Path tmp, Path state, Path config, String name, String storePath) throws Exception {
        clock.advance(Duration.ofDays(60)); // every restored copy expired: archived again
        Path aws = bed.awsCredentialsFile(tmp.resolve("aws-credentials"));
        String coldUri = "s3://" + name + "-cold?endpoint=" + layer.endpoint() + "&credentials-file=" + aws;
        int before = ledgerOf(bed, name, "restore").size();
        CliRun restore = CliRun.run("restore", storePath, "--warm", bed.warmUri(name), "--cold", coldUri, "--state-dir", state.toString(),
                "--campaign-config", config.toString(), "--tier", "bulk");
        assertThat(restore.status()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out()).contains(storePath + ": in-progress");
        List<LedgerEntry> entries = ledgerOf(bed, name, "restore");
        assertThat(entries).hasSize(before + 1);
        LedgerEntry e = entries.getLast();
        assertThat(e.kind()).isEqualTo("RESTORE");
        assertThat(e.campaign()).isEqualTo(name);
        assertThat(restore.out()).contains("costUsd=" + e.usd().stripTrailingZeros().toPlainString());
        assertThat(state.resolve("restores").resolve("ledger.jsonl")).doesNotExist();
    }


    static byte[] sha256Nar(ReadBack readBack, CatalogEntry e) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            readBack.writeNar(e, out, new ReassemblyStats());
        }
        return md.digest();
    }

    static Map<String, NarInfo> infos() throws Exception {
        Map<String, NarInfo> infos = new HashMap<>();
        for (Path p : Corpus.narinfos()) {
            NarInfo info = NarInfo.parse(Files.readString(p), p.getFileName().toString());
            infos.put(info.storePath().hashPart(), info);
        }
        return infos;
    }

    /** The closure of a bump plus every fixed output, computed independently of the placement store. */
    static Set<String> hot(Map<String, NarInfo> infos, int bump) throws Exception {
        Set<String> hot = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        Files.readAllLines(Corpus.channelBump(bump)).stream().filter(l -> !l.isBlank())
                .forEach(l -> todo.add(StorePath.parse(l.strip()).hashPart()));
        while (!todo.isEmpty()) {
            String h = todo.poll();
            if (hot.add(h)) {
                infos.get(h).references().forEach(ref -> todo.add(ref.hashPart()));
            }
        }
        infos.forEach((h, i) -> {
            if (i.references().isEmpty() || i.ca().filter(ca -> ca.startsWith("fixed:")).isPresent()) {
                hot.add(h);
            }
        });
        return hot;
    }

    static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.removeAll(b);
        return out;
    }

    static Set<String> hashes(JsonNode moves) {
        Set<String> out = new HashSet<>();
        moves.forEach(m -> out.add(m.get("hashPart").asText()));
        return out;
    }

    static List<LedgerEntry> ledger(CampaignTestbed bed, String campaign) {
        return ledgerOf(bed, campaign, null);
    }

    /** Committed ledger entries, all or those whose source header is {@code source}. */
    static List<LedgerEntry> ledgerOf(CampaignTestbed bed, String campaign, String source) {
        List<LedgerEntry> out = new ArrayList<>();
        try (TopicReader reader = new TopicReader(bed.bootstrap())) {
            reader.readToEnd(new CampaignTopics(campaign).ledger(), Map.of(), rec -> {
                var h = rec.headers().lastHeader(CampaignLedger.SOURCE_HEADER);
                if (source == null || h != null && source.equals(new String(h.value(), StandardCharsets.UTF_8))) {
                    out.add(LedgerRecords.decode(rec.value(), rec.topic() + "@" + rec.offset()));
                }
            }, true, Duration.ofMinutes(1));
        }
        return out;
    }
}
