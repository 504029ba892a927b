package dev.tierpack.campaign.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.testing.ArchiveS3Layer;
import dev.tierpack.core.testing.MutableClock;
import dev.tierpack.core.tier.S3Tier;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.compress.SegmentCompression;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackWriter;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.upload.PackPublisher;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery never re-reads an archived cold pack (it would need a restore): an index object whose pack the
 * chunk index lacks (a crash between steps 3 and 4) is reused after the length check alone (a footer read would get
 * the layer's 403 InvalidObjectState and be reported as a problem).
 */
class ArchivedPackRecoveryTest {
    @TempDir Path tmp;

    @Test
    void archivedPackIsReusedByItsLengthWithoutAnyRead() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(tmp.resolve("s3"), 0)) {
            s3.createBucketIfMissing("warm");
            s3.createBucketIfMissing("cold");
            try (ArchiveS3Layer layer = ArchiveS3Layer.start(s3, MutableClock.startingNow());
                    Tier warm = S3Tier.builder("warm", "warm").endpoint(s3.endpoint()).pathStyle(true)
                            .credentials(s3.credentials().provider()).partSize(Tier.MIN_PART_SIZE).build();
                    Tier cold = S3Tier.builder("cold", "cold").endpoint(layer.endpoint()).pathStyle(true)
                            .credentials(s3.credentials().provider()).storageClass("DEEP_ARCHIVE")
                            .partSize(Tier.MIN_PART_SIZE).build();
                    ChunkIndex writer = ChunkIndex.open(tmp.resolve("writer-index"));
                    ChunkIndex restarted = ChunkIndex.open(tmp.resolve("restarted-index"))) {
                PackId id = PackId.generate();
                try (Upload up = cold.upload(id.objectKey())) {
                    PackWriter w = PackWriter.start(up.stream(), new PackWriterConfig(1 << 20, 64 << 10,
                            SegmentCompression.zstd(3), TierCode.COLD, ContentCode.DATA), id, System.currentTimeMillis());
                    SplittableRandom random = new SplittableRandom(3);
                    for (int c = 0; c < 5; c++) {
                        byte[] chunk = new byte[10_000 + c];
                        random.nextBytes(chunk);
                        w.add(ChunkHasher.forCurrentThread().hash(chunk, 0, chunk.length), chunk, 0, chunk.length);
                    }
                    var result = w.finish();
                    up.stream().close();
                    new PackPublisher(warm, writer).publish(cold, up, result);
                }
                // the restarted writer's chunk index never saw the publish: recovery must reuse the pack
                CampaignRecovery.Result r = CampaignRecovery.run(warm, cold, restarted);
                assertThat(r.problems()).isEmpty();
                assertThat(r.reused()).containsExactly(id.objectKey());
                assertThat(restarted.isPublished(id)).isTrue();
                assertThat(layer.restoreCalls()).isEmpty();
            }
        }
    }
}
