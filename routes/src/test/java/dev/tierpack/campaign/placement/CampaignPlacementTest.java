package dev.tierpack.campaign.placement;

import dev.tierpack.campaign.lister.NarinfoReader;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.records.WorkRecord;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.placement.PathFacts;
import dev.tierpack.core.placement.PlacementPolicy;
import dev.tierpack.core.placement.PlacementStore;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.packer.format.TierCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lister's facts (references, CA, last-modified from the listing page) and the worker's tiers by age. */
class CampaignPlacementTest {
    @TempDir Path tmp;

    @Test
    void listedFactsCarryTheNarinfosLastModifiedAndAgeDecides() throws Exception {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        List<WorkRecord> work = new ArrayList<>();
        List<NarinfoReader.Outcome.Work> listed = new ArrayList<>();
        List<SourceObject> page = new ArrayList<>();
        List<Path> narinfos = Corpus.narinfos();
        for (int i = 0; i < narinfos.size(); i++) {
            Path p = narinfos.get(i);
            String key = p.getFileName().toString();
            String text = Files.readString(p);
            NarInfo info = NarInfo.parse(text, key);
            work.add(WorkRecord.of(info, key, text.length(), text, null));
            listed.add(new NarinfoReader.Outcome.Work(work.getLast(), info));
            // the first path is recent, every other one old
            page.add(new SourceObject(key, text.length(), i == 0 ? now.minus(Duration.ofDays(1)) : now.minus(Duration.ofDays(400)), null));
        }
        PlacementPolicy byAge = new PlacementPolicy(List.of(), OptionalInt.empty(), false, Optional.empty(), 1, List.of(),
                Optional.of(Duration.ofDays(30)));
        try (CampaignPlacement placement = new CampaignPlacement(PlacementStore.open(tmp.resolve("p")), byAge,
                Clock.fixed(now, ZoneOffset.UTC))) {
            placement.record(listed, page);
            PathFacts first = placement.store().facts(work.get(0).hashPart()).orElseThrow();
            assertThat(first.lastModified()).isEqualTo(now.minus(Duration.ofDays(1)).toEpochMilli());
            assertThat(first.name()).isEqualTo(work.get(0).parsedStorePath().name());
            placement.prepare();
            assertThat(placement.tier(work.get(0).hashPart())).isEqualTo(TierCode.WARM);
            NarInfo firstInfo = NarInfo.parse(work.get(0).narinfo(), work.get(0).narinfoKey());
            for (WorkRecord w : work) {
                boolean inClosure = w == work.get(0)
                        || firstInfo.references().stream().anyMatch(r -> r.hashPart().equals(w.hashPart()));
                if (!inClosure) {
                    assertThat(placement.tier(w.hashPart())).as(w.storePath()).isEqualTo(TierCode.COLD);
                }
            }
        }
        try (CampaignPlacement none = new CampaignPlacement(PlacementStore.open(tmp.resolve("q")), PlacementPolicy.none(),
                Clock.systemUTC())) {
            assertThat(none.active()).isFalse();
            assertThat(none.tier(work.get(3).hashPart())).isEqualTo(TierCode.WARM);
            assertThat(none.store().decide(work.get(3).hashPart()).rule().name()).isEqualTo("NO_POLICY");
        }
    }
}
