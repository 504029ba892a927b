package dev.tierpack.core.tier;

import dev.tierpack.core.embedded.EmbeddedS3;

/** The tier contract for {@link S3Tier} (AWS SDK v2) on the embedded server. */
class S3TierContractTest extends TierContract {
    @Override
    protected Tier openTier(EmbeddedS3 server, String bucket, int partSize, int listPageSize) {
        return S3Tier.builder("cold", bucket)
                .endpoint(server.endpoint())
                .pathStyle(true)
                .credentials(server.credentials().provider())
                .partSize(partSize)
                .listPageSize(listPageSize)
                .build();
    }
}
