package dev.tierpack.core.tier;

import dev.tierpack.core.embedded.EmbeddedS3;
import java.util.function.Predicate;

/** The tier contract for {@link MinioTier} (MinIO Java SDK) on the embedded server. */
class MinioTierContractTest extends TierContract {
    @Override
    protected Tier openTier(EmbeddedS3 server, String bucket, int partSize, int listPageSize) {
        return MinioTier.builder("warm", server.endpoint(), bucket)
                .credentials(server.credentials())
                .partSize(partSize)
                .listPageSize(listPageSize)
                .build();
    }

    /** OkHttp sends request bodies on its dispatcher threads. */
    @Override
    protected Predicate<Thread> clientThreads() {
        return t -> t.getName().startsWith("OkHttp");
    }
}
