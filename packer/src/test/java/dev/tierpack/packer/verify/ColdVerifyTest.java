package dev.tierpack.packer.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.testing.ArchiveS3Layer;
import dev.tierpack.core.testing.MutableClock;
import dev.tierpack.core.tier.RestoreStatus;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackResult;
import dev.tierpack.packer.pack.PackWriter;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.upload.PackPublisher;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold packs on an archival tier (DEEP_ARCHIVE through the {@link ArchiveS3Layer}): they are published without being
 * read back (Content-MD5/ETag checks instead), {@code packer verify} checks them at index level, and with a restore
 * budget it restores what the budget allows and reads restored packs in full.
 */
class ColdVerifyTest {
    static final int MIB = 1024 * 1024;

    @TempDir Path tmp;
    EmbeddedS3 s3;
    ArchiveS3Layer layer;
    Tier warm;
    Tier cold;
    ChunkIndex index;
    final List<String> packs = new ArrayList<>();

    @BeforeEach
    void writeColdPacks() throws IOException {
        s3 = EmbeddedS3.start(tmp.resolve("s3"), 0);
        s3.createBucketIfMissing("warm");
        s3.createBucketIfMissing("cold");
        layer = ArchiveS3Layer.start(s3, MutableClock.startingNow());
        warm = S3Tier.builder("warm", "warm").endpoint(s3.endpoint()).pathStyle(true)
                .credentials(s3.credentials().provider()).partSize(Tier.MIN_PART_SIZE).build();
        cold = S3Tier.builder("cold", "cold").endpoint(layer.endpoint()).pathStyle(true)
                .credentials(s3.credentials().provider()).storageClass("DEEP_ARCHIVE").partSize(Tier.MIN_PART_SIZE)
                .build();
        index = ChunkIndex.open(tmp.resolve("index"));
        PackWriterConfig config = new PackWriterConfig(64L * MIB, MIB, SegmentCompression.zstd(3), TierCode.COLD,
                ContentCode.DATA);
        PackPublisher publisher = new PackPublisher(warm, index);
        SplittableRandom random = new SplittableRandom(7);
        for (int p = 0; p < 3; p++) {
            PackId id = PackId.generate();
            try (Upload up = cold.upload(id.objectKey())) {
                PackWriter w = PackWriter.start(up.stream(), config, id, System.currentTimeMillis());
                for (int c = 0; c < 20; c++) {
                    byte[] chunk = new byte[(p + 1) * 40_000 + c];
                    random.nextBytes(chunk);
                    w.add(ChunkHasher.forCurrentThread().hash(chunk, 0, chunk.length), chunk, 0, chunk.length);
                }
                PackResult result = w.finish();
                up.stream().close();
                // an archived pack cannot be read back: publishing must not try (the layer would answer 403)
                publisher.publish(cold, up, result);
            }
            packs.add(id.objectKey());
        }
    }

    @AfterEach
    void stop() throws Exception {
        index.close();
        cold.close();
        warm.close();
        layer.close();
        s3.close();
    }

    private VerifyReport verify(ColdReads policy) throws IOException {
        TierAudit audit = new TierAudit(warm, cold, index, new TierAudit.Options(VerifyLevel.FULL, 0, 1, 1));
        return (policy == null ? audit : audit.withColdReads(policy)).run();
    }

    private BigDecimal restoreCost(String pack) {
        return Money.round(PriceTable.defaults().of(StorageClass.DEEP_ARCHIVE).restore().get(RestoreTier.BULK)
                .cost(1, cold.stat(pack).orElseThrow().size()));
    }

    @Test
    void coldPacksAreIndexCheckedThenRestoredWithinBudgetThenReadInFull() throws IOException {
        assertThat(cold.archival()).isTrue();
        assertThat(packs).allSatisfy(k -> assertThat(cold.restoreStatus(k).state()).isEqualTo(RestoreStatus.State.ARCHIVED));

        VerifyReport indexOnly = verify(null);
        assertThat(indexOnly.ok()).as("%s", indexOnly.findings()).isTrue();
        assertThat(indexOnly.packsCold()).isEqualTo(3);
        assertThat(indexOnly.packsRead()).isZero();

        // a budget for the two cheapest restores only
        List<String> byCost = packs.stream().sorted(java.util.Comparator.comparing(this::restoreCost)).toList();
        BigDecimal budget = restoreCost(byCost.get(0)).add(restoreCost(byCost.get(1)));
        List<LedgerEntry> ledger = new ArrayList<>();
        ColdReads first = new ColdReads(cold, PriceTable.defaults(), budget, RestoreTier.BULK, 1, ledger::add,
                layer.clock());
        VerifyReport restoring = verify(first);
        assertThat(restoring.ok()).isTrue();
        assertThat(restoring.packsRead()).as("restores take hours: nothing is readable yet").isZero();
        ColdReads.Summary s1 = first.summary();
        // packs are priced in the order verify meets them: whatever the order, what was restored fits the budget
        // and what was not would not have fit on top of it
        assertThat(s1.restoreRequested()).isNotEmpty();
        assertThat(s1.overBudget()).isNotEmpty();
        assertThat(java.util.stream.Stream.concat(s1.restoreRequested().stream(), s1.overBudget().stream()).toList())
                .containsExactlyInAnyOrderElementsOf(packs);
        BigDecimal spent = s1.restoreRequested().stream().map(this::restoreCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(s1.spentUsd()).isEqualByComparingTo(spent).isLessThanOrEqualTo(budget);
        assertThat(s1.overBudget()).allSatisfy(k -> assertThat(spent.add(restoreCost(k))).isGreaterThan(budget));
        assertThat(ledger).hasSize(s1.restoreRequested().size()).allSatisfy(e -> assertThat(e.kind()).isEqualTo("RESTORE"));
        assertThat(ledger.stream().map(LedgerEntry::usd).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(spent);
        assertThat(layer.restoreCalls()).hasSize(s1.restoreRequested().size());

        layer.clock().advance(layer.delay(RestoreTier.BULK).plus(Duration.ofSeconds(1)));
        ColdReads second = new ColdReads(cold, PriceTable.defaults(), BigDecimal.ZERO, RestoreTier.BULK, 1, ledger::add,
                layer.clock());
        VerifyReport full = verify(second);
        assertThat(full.ok()).as("%s", full.findings()).isTrue();
        assertThat(full.packsRead()).isEqualTo(s1.restoreRequested().size());
        assertThat(full.chunksVerified()).isEqualTo(20L * s1.restoreRequested().size());
        assertThat(second.summary().read()).containsExactlyInAnyOrderElementsOf(s1.restoreRequested());
        assertThat(second.summary().overBudget()).containsExactlyInAnyOrderElementsOf(s1.overBudget());
        assertThat(ledger).as("a zero budget restores nothing").hasSize(s1.restoreRequested().size());
    }
}
