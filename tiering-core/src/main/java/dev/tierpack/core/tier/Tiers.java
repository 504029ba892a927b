package dev.tierpack.core.tier;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.s3.Credentials;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * Opens tiers from {@link TierSpec}s and puts the standard decorators around them. Credentials are
 * read when the tier is opened, so a missing or unreadable credentials file fails at once with a
 * {@link ConfigException} naming the tier and the file (never the secret).
 */
public final class Tiers {
    private static final Logger log = LoggerFactory.getLogger(Tiers.class);
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private Tiers() {}

    /** Opens a bare tier with default options. */
    public static Tier open(TierSpec spec) {
        return open(spec, TierOptions.defaults());
    }

    /** Opens a bare tier (no retries, limits or metering: see {@link #decorate}). */
    public static Tier open(TierSpec spec, TierOptions options) {
        Tier tier = switch (spec) {
            case TierSpec.Embedded e -> {
                e.server().createBucketIfMissing(e.bucket());
                yield S3Tier.builder(e.name(), e.bucket())
                        .endpoint(e.server().endpoint())
                        .region(dev.tierpack.core.embedded.EmbeddedS3.REGION)
                        .pathStyle(true)
                        .credentials(e.server().credentials().provider())
                        .storageClass(e.storageClass())
                        .partSize(options.partSize())
                        .listPageSize(options.listPageSize())
                        .build();
            }
            case TierSpec.Minio m -> MinioTier.builder(m.name(), m.uri(), m.bucket())
                    .credentials(readKeyFile(m.name(), m.credentialsFile()))
                    .partSize(options.partSize())
                    .listPageSize(options.listPageSize())
                    .build();
            case TierSpec.S3 s -> S3Tier.builder(s.name(), s.bucket())
                    .prefix(s.prefix())
                    .region(Region.of(s.region()))
                    .endpoint(s.endpoint())
                    .pathStyle(s.endpoint() != null)
                    .credentials(provider(s.name(), s.credentials()))
                    .storageClass(s.storageClass())
                    .partSize(options.partSize())
                    .listPageSize(options.listPageSize())
                    .build();
        };
        log.info("tier opened: {}", tier);
        return tier;
    }

    /**
     * The standard stack, outermost first: {@link RetryingTier} → {@link RateLimitedTier} →
     * {@link MeteredTier} → the tier. Every attempt of a retried request takes a rate permit and is
     * metered (each attempt is a request the store may bill).
     *
     * @param limits rate limits, or null for none
     * @param listener told of every request, or null for no metering
     */
    public static Tier decorate(Tier tier, RetryingTier.Settings retry, RateLimitedTier.Limits limits,
            RequestListener listener) {
        Tier t = tier;
        if (listener != null) {
            t = new MeteredTier(t, listener);
        }
        if (limits != null) {
            t = new RateLimitedTier(t, limits);
        }
        return new RetryingTier(t, retry);
    }

    /**
     * The full stack, outermost first: {@link RetryingTier} → {@link CircuitBreakerTier} → {@link BulkheadTier} →
     * {@link RateLimitedTier} (if limits are set) → {@link MeteredTier} (if a listener is set) → the tier. Every
     * attempt of a retried request passes the breaker (so an outage opens it within a few attempts, and once open
     * the retry gives up at once: {@link dev.tierpack.core.error.TierUnavailableException}), takes a bulkhead slot
     * and a rate permit, and is metered.
     *
     * @param listener told of every request, or null for no metering
     */
    public static Tier resilient(Tier tier, TierResilience resilience, RequestListener listener) {
        Tier t = tier;
        if (listener != null) {
            t = new MeteredTier(t, listener);
        }
        if (resilience.limits() != null) {
            t = new RateLimitedTier(t, resilience.limits());
        }
        t = new BulkheadTier(t, resilience.bulkhead());
        t = new CircuitBreakerTier(t, resilience.breaker());
        return new RetryingTier(t, resilience.retry());
    }

    /** The first decorator of type {@code type} in a stack of {@link ForwardingTier}s, outermost first. */
    public static <T extends Tier> java.util.Optional<T> find(Tier tier, Class<T> type) {
        for (Tier t = tier; t != null; t = t instanceof ForwardingTier f ? f.delegate() : null) {
            if (type.isInstance(t)) {
                return java.util.Optional.of(type.cast(t));
            }
        }
        return java.util.Optional.empty();
    }

    static AwsCredentialsProvider provider(String tier, TierCredentials credentials) {
        try {
            AwsCredentialsProvider provider = switch (credentials) {
                case TierCredentials.DefaultChain d -> DefaultCredentialsProvider.builder().build();
                case TierCredentials.Environment e -> EnvironmentVariableCredentialsProvider.create();
                case TierCredentials.Profile p -> ProfileCredentialsProvider.builder().profileName(p.name()).build();
                case TierCredentials.AwsFile f -> ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(f.path()).type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName(f.profile())
                        .build();
                case TierCredentials.KeyFile k -> readKeyFile(tier, k.path()).provider();
            };
            if (!(credentials instanceof TierCredentials.DefaultChain)) {
                provider.resolveCredentials(); // fail now, not at the first request
            }
            return provider;
        } catch (SdkException | IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigException("cannot load tier credentials", e, "tier", tier, "credentials", credentials,
                    "cause", String.valueOf(e.getMessage()));
        }
    }

    /** Reads {@code accessKey=} / {@code secretKey=} from a properties file; warns if others may read it. */
    static Credentials readKeyFile(String tier, Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read credentials file", e, "tier", tier, "file", file,
                    "cause", e.getClass().getSimpleName());
        }
        String access = p.getProperty("accessKey", "").strip();
        String secret = p.getProperty("secretKey", "").strip();
        if (access.isEmpty() || secret.isEmpty()) {
            throw new ConfigException("credentials file lacks accessKey or secretKey", "tier", tier, "file", file);
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                log.warn("credentials file is accessible to others: tier={} file={} permissions={}", tier, file,
                        PosixFilePermissions.toString(perms));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions to check
        }
        return new Credentials(access, secret);
    }
}
