package dev.tierpack.campaign.config;

import dev.tierpack.core.error.ConfigException;
import java.util.regex.Pattern;

/** S3 bucket name rules (3-63 characters: lower-case letters, digits, dots, hyphens; letter or digit at both ends). */
final class Buckets {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private Buckets() {}

    static String check(String bucket, String key) {
        if (bucket == null || !NAME.matcher(bucket).matches() || bucket.contains("..")) {
            throw new ConfigException("invalid bucket name (3-63 lower-case letters, digits, dots, hyphens)",
                    "key", key, "value", bucket);
        }
        return bucket;
    }
}
