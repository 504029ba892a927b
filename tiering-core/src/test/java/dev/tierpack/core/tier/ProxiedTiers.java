package dev.tierpack.core.tier;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.s3.Credentials;
import java.net.URI;

/** The two backends, pointed at an arbitrary endpoint (the embedded server, or a fault proxy in front of it). */
enum ProxiedTiers {
    S3 {
        @Override
        Tier open(URI endpoint, Credentials credentials, String bucket, int partSize) {
            return S3Tier.builder("cold", bucket).endpoint(endpoint).pathStyle(true)
                    .credentials(credentials.provider()).partSize(partSize).listPageSize(2).build();
        }
    },
    MINIO {
        @Override
        Tier open(URI endpoint, Credentials credentials, String bucket, int partSize) {
            return MinioTier.builder("warm", endpoint, bucket).credentials(credentials).partSize(partSize)
                    .listPageSize(2).build();
        }
    };

    abstract Tier open(URI endpoint, Credentials credentials, String bucket, int partSize);

    Tier open(EmbeddedS3 server, URI endpoint, String bucket) {
        return open(endpoint, server.credentials(), bucket, Tier.MIN_PART_SIZE);
    }
}
