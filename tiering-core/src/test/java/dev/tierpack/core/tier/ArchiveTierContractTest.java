package dev.tierpack.core.tier;

import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.TierObjectNotFoundException;
import dev.tierpack.core.testing.ArchiveS3Layer;
import dev.tierpack.core.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The tier contract for the cold implementation: {@link S3Tier} writing {@code DEEP_ARCHIVE} through the
 * {@link ArchiveS3Layer}, so archived objects behave as on AWS. Before each read the test restores the object and
 * moves the layer's clock past the restore, through the tier's own {@code RestoreObject}/{@code HeadObject} calls.
 */
class ArchiveTierContractTest extends TierContract {
    static ArchiveS3Layer layer;

    @BeforeAll
    static void startLayer() {
        layer = ArchiveS3Layer.start(server, MutableClock.startingNow());
    }

    @AfterAll
    static void stopLayer() {
        layer.close();
    }

    @Override
    protected Tier openTier(EmbeddedS3 server, String bucket, int partSize, int listPageSize) {
        return S3Tier.builder("cold", bucket)
                .endpoint(layer.endpoint())
                .pathStyle(true)
                .credentials(server.credentials().provider())
                .storageClass("DEEP_ARCHIVE")
                .partSize(partSize)
                .listPageSize(listPageSize)
                .build();
    }

    @Override
    protected void makeReadable(Tier t, String key) {
        RestoreStatus status;
        try {
            status = t.restoreStatus(key);
        } catch (TierObjectNotFoundException e) {
            return; // the test reads a missing key on purpose
        }
        if (status.state() == RestoreStatus.State.ARCHIVED) {
            t.requestRestore(key, RestoreTier.BULK, 1);
            layer.clock().advance(layer.delay(RestoreTier.BULK).plus(Duration.ofSeconds(1)));
        }
    }

    /** Through one more proxy hop: a shorter run keeps the suite fast; the bound checked is the same. */
    @Override
    protected long memoryTestBytes() {
        return 64L * MIB;
    }
}
