package dev.tierpack.cli;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.core.tier.Tiers;
import dev.tierpack.packer.index.ChunkIndex;
import java.nio.file.Path;

/**
 * The tiers and local indexes of a state directory on the embedded S3 server: warm bucket {@value #WARM_BUCKET},
 * cold bucket {@value #COLD_BUCKET} (storage class DEEP_ARCHIVE), chunk index under {@code chunk-index/}.
 */
record LocalTiers(EmbeddedS3 s3, Tier warm, Tier cold, ChunkIndex chunkIndex, boolean ownsS3) implements AutoCloseable {
    static final String WARM_BUCKET = "tierpack-warm";
    static final String COLD_BUCKET = "tierpack-cold";

    /** Opens on a running embedded server. */
    static LocalTiers open(EmbeddedS3 s3, Path stateDir) {
        return open(s3, stateDir, false);
    }

    /** Starts the embedded server of {@code stateDir} and opens its tiers. */
    static LocalTiers start(Path stateDir) {
        return open(EmbeddedS3.start(stateDir.resolve("s3"), 0), stateDir, true);
    }

    private static LocalTiers open(EmbeddedS3 s3, Path stateDir, boolean owns) {
        s3.createBucketIfMissing(WARM_BUCKET);
        s3.createBucketIfMissing(COLD_BUCKET);
        Tier warm = Tiers.open(new TierSpec.Embedded("warm", s3, WARM_BUCKET, null));
        Tier cold = Tiers.open(new TierSpec.Embedded("cold", s3, COLD_BUCKET, "DEEP_ARCHIVE"));
        return new LocalTiers(s3, warm, cold, ChunkIndex.open(stateDir.resolve("chunk-index")), owns);
    }

    @Override
    public void close() throws Exception {
        try (AutoCloseable a = ownsS3 ? s3 : () -> { }; Tier w = warm; Tier c = cold; ChunkIndex i = chunkIndex) {
            // closes in reverse order
        }
    }
}
