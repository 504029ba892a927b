package dev.tierpack.core.source;

import dev.tierpack.core.s3.Credentials;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an {@link S3Source} gets its AWS credentials. {@code toString()} never reveals a secret.
 */
public sealed interface SourceCredentials {

    /** The AWS SDK default chain: environment, system properties, web identity, profile, container, instance role. */
    record DefaultChain() implements SourceCredentials {}

    /** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and optionally {@code AWS_SESSION_TOKEN}. */
    record Environment() implements SourceCredentials {}

    /** A named profile from {@code ~/.aws/credentials} / {@code ~/.aws/config} (or {@code AWS_SHARED_CREDENTIALS_FILE}). */
    record Profile(String name) implements SourceCredentials {
        public Profile {
            requireText(name, "profile name");
        }
    }

    /**
     * A credentials file in the AWS shared-credentials INI format, read at open time:
     *
     * <pre>
     * [default]
     * aws_access_key_id = AKIA…
     * aws_secret_access_key = …
     * # optional: aws_session_token = …
     * </pre>
     *
     * @param profile the section to use, {@code default} unless given
     */
    record File(Path path, String profile) implements SourceCredentials {
        public File {
            Objects.requireNonNull(path, "path");
            profile = profile == null ? "default" : profile;
            requireText(profile, "profile name");
        }
    }

    /** Fixed credentials given programmatically (for example those of an embedded server). */
    record Static(Credentials credentials) implements SourceCredentials {
        public Static {
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    /** Unsigned requests, for public buckets. */
    record Anonymous() implements SourceCredentials {}

    private static void requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
