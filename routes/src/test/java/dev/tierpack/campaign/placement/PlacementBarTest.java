package dev.tierpack.campaign.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.CampaignTestbed;
import dev.tierpack.campaign.runtime.CampaignControl;
import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.placement.PlacementStore;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.testing.CorpusClosure;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.read.ChunkTiers;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.read.ReassemblyConfig;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.ingest.ChunkRef;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's placement bar: a campaign over the shared corpus (a file:// copy) with bump 6 as the hot channel and
 * fixed outputs hot. Every path in the closure of bump 6 and every fixed output is warm in the catalog, the others
 * cold; no chunk a hot path needs is in a cold pack (per the pack index objects on the warm tier); and
 * {@link PlacementExplainer} (what {@code tierpack explain} prints) agrees with the catalog for every path.
 */
class PlacementBarTest {
    @TempDir Path tmp;

    @Test
    void bump6AndFixedOutputsAreWarmTheRestColdAndExplainAgrees() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        String name = "placement-bar";
        RuntimeSettings s = bed.corpusCampaign(name, tmp, 6, bed.s3.endpoint());
        CampaignRuntime.Result result = CampaignTestbed.runToEnd(s, Duration.ofMinutes(5));
        assertThat(result.ending().state()).isEqualTo(CampaignControl.State.COMPLETE);
        assertThat(result.report().storePaths()).isEqualTo(Corpus.narinfos().size());

        // expected hot set, computed independently: BFS over the corpus narinfos from bump 6, plus fixed outputs
        CorpusClosure expected = CorpusClosure.ofBump(6);
        Map<String, NarInfo> infos = expected.infos();
        Set<String> closure = expected.closure();
        Set<String> fods = expected.fixedOutputs();
        Set<String> hot = expected.hot();
        assertThat(hot).isNotEmpty().hasSizeLessThan(infos.size());

        try (Tier warm = bed.warm(name);
                ChunkIndex index = ChunkIndex.open(s.stateDir().resolve("chunk-index"));
                Catalog catalog = Catalog.open(s.stateDir().resolve("catalog"));
                PlacementStore placement = PlacementStore.open(CampaignPlacement.storeDir(s.campaignDir()))) {
            List<CatalogEntry> entries = new ArrayList<>();
            catalog.forEach(entries::add);
            assertThat(entries).hasSize(infos.size());
            for (CatalogEntry e : entries) {
                assertThat(e.placement()).as(e.storePath().toString())
                        .isEqualTo(hot.contains(e.hashPart()) ? TierCode.WARM : TierCode.COLD);
            }

            ReadBack readBack = new ReadBack(catalog, index, ChunkTiers.warmOnly(warm), ReassemblyConfig.defaults());
            Set<ChunkId> hotNeeds = new HashSet<>();
            for (CatalogEntry e : entries) {
                if (hot.contains(e.hashPart())) {
                    for (List<ChunkRef> file : readBack.manifest(e).layout().files()) {
                        file.forEach(r -> hotNeeds.add(r.id()));
                    }
                }
            }
            Map<TierCode, Set<ChunkId>> stored = new HashMap<>();
            for (var it = warm.list("index/", null); it.hasNext(); ) {
                String key = it.next().key();
                PackIndexObject idx;
                try (InputStream in = warm.read(key)) {
                    idx = PackIndexObject.decode(in.readAllBytes(), key);
                }
                for (ChunkRecord r : idx.body().chunks()) {
                    stored.computeIfAbsent(idx.tier(), t -> new HashSet<>()).add(r.id());
                }
            }
            assertThat(stored.get(TierCode.COLD)).as("cold packs exist").isNotEmpty();
            assertThat(stored.get(TierCode.COLD)).as("no chunk a hot path needs is in a cold pack")
                    .doesNotContainAnyElementsOf(hotNeeds);
            assertThat(stored.get(TierCode.WARM)).containsAll(hotNeeds);

            PlacementExplainer explainer = new PlacementExplainer(readBack, index, placement, PriceTable.defaults(),
                    StorageClass.DEEP_ARCHIVE);
            for (CatalogEntry e : entries) {
                Explanation x = explainer.explain(e.storePath().toString()).orElseThrow();
                String what = e.storePath().toString();
                assertThat(x.tier()).as(what).isEqualTo(e.placement() == TierCode.WARM ? "warm" : "cold");
                assertThat(x.rule()).as(what).isEqualTo(closure.contains(e.hashPart()) ? "CHANNEL"
                        : fods.contains(e.hashPart()) ? "FIXED_OUTPUT" : "DEFAULT_COLD");
                assertThat(x.narSize()).isEqualTo(infos.get(e.hashPart()).narSize());
                assertThat(x.warmBytes() + x.coldBytes()).as(what + " chunk bytes").isEqualTo(chunkBytes(readBack, e));
                if (e.placement() == TierCode.WARM) {
                    assertThat(x.packs()).as(what).allSatisfy(p -> assertThat(p.tier()).isEqualTo("warm"));
                    assertThat(x.restore()).as(what).isEmpty();
                } else if (x.coldBytes() > 0) {
                    assertThat(x.restore()).as(what).isNotEmpty().allSatisfy(r -> assertThat(r.costUsd()).isNotNegative());
                    assertThat(x.coldPackBytes()).isPositive();
                }
            }
            assertThat(entries).as("some cold path needs a restore")
                    .anyMatch(e -> e.placement() == TierCode.COLD && explain(explainer, e).coldBytes() > 0);
        }

        // the command prints the same (JSON), shown for one hot and one cold path (the explainer above did every path)
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        NarInfo aHot = infos.get(closure.iterator().next());
        NarInfo aCold = infos.values().stream().filter(i -> !hot.contains(i.storePath().hashPart())).findFirst().orElseThrow();
        for (NarInfo info : List.of(aHot, aCold)) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cl = dev.tierpack.cli.Main.commandLineForTests();
            cl.setOut(new java.io.PrintWriter(out, true));
            cl.setErr(new java.io.PrintWriter(err, true));
            int status = cl.execute("explain", info.storePath().toString(), "--json", "--name", name,
                    "--state-dir", s.stateDir().toString(), "--warm", bed.warmUri(name));
            assertThat(status).as(err.toString()).isZero();
            var tree = json.readTree(out.toString());
            String h = info.storePath().hashPart();
            assertThat(tree.get("storePath").asText()).isEqualTo(info.storePath().toString());
            assertThat(tree.get("tier").asText()).as(h).isEqualTo(hot.contains(h) ? "warm" : "cold");
            assertThat(tree.get("rule").asText()).as(h)
                    .isEqualTo(closure.contains(h) ? "CHANNEL" : fods.contains(h) ? "FIXED_OUTPUT" : "DEFAULT_COLD");
            assertThat(tree.get("restore").isEmpty()).as(h).isEqualTo(tree.get("coldBytes").asLong() == 0);
        }
    }

    static Explanation explain(PlacementExplainer explainer, CatalogEntry e) {
        try {
            return explainer.explain(e.hashPart()).orElseThrow();
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    /** Raw bytes of a path's distinct chunks, from its manifest. */
    static long chunkBytes(ReadBack readBack, CatalogEntry e) throws Exception {
        Map<ChunkId, Integer> distinct = new HashMap<>();
        for (List<ChunkRef> file : readBack.manifest(e).layout().files()) {
            file.forEach(r -> distinct.put(r.id(), r.length()));
        }
        return distinct.values().stream().mapToLong(Integer::longValue).sum();
    }
}
