package dev.tierpack.core.tier;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an S3 tier gets its credentials. Secrets come only from files or the environment, never
 * from the configuration itself, so these records hold no secret and may be logged.
 */
public sealed interface TierCredentials {

    /** The AWS SDK default chain (environment, system properties, web identity, profile, container, instance role). */
    record DefaultChain() implements TierCredentials {}

    /** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and optionally {@code AWS_SESSION_TOKEN}. */
    record Environment() implements TierCredentials {}

    /** A named profile of {@code ~/.aws/credentials} (or {@code AWS_SHARED_CREDENTIALS_FILE}). */
    record Profile(String name) implements TierCredentials {
        public Profile {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("profile name must not be blank");
            }
        }
    }

    /**
     * A file in the AWS shared-credentials INI format ({@code [profile]},
     * {@code aws_access_key_id = …}, {@code aws_secret_access_key = …}).
     */
    record AwsFile(Path path, String profile) implements TierCredentials {
        public AwsFile {
            Objects.requireNonNull(path, "path");
            profile = profile == null || profile.isBlank() ? "default" : profile;
        }
    }

    /**
     * A properties file with {@code accessKey=} and {@code secretKey=}, the format of the embedded
     * server's {@code credentials.properties}; it should be readable by its owner only.
     */
    record KeyFile(Path path) implements TierCredentials {
        public KeyFile {
            Objects.requireNonNull(path, "path");
        }
    }
}
