package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.source.SourceCredentials;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.core.tier.TierSpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tier locations on the command line:
 * <ul>
 * <li>{@code embedded:BUCKET}: a bucket of the embedded S3 server under {@code STATE_DIR/s3}, started in this
 *     process (it fails if {@code tierpack services} runs on the same state directory: then use its endpoint);
 * <li>{@code s3://bucket[/prefix]?...}: an S3 bucket or S3-compatible server, with the parameters of source URIs
 *     ({@code region}, {@code endpoint}, {@code path-style}, {@code profile}, {@code credentials-file},
 *     {@code credentials=env|default});
 * <li>{@code minio://host:port/bucket?credentials-file=F[&tls=true]}: a MinIO bucket, credentials in a properties
 *     file with {@code accessKey=} and {@code secretKey=}.
 * </ul>
 * Secrets never appear in a URI.
 */
final class TierUris {
    private TierUris() {}

    /**
     * A tier URI as a tier choice: {@code embedded:BUCKET} as a bucket of the state dir's embedded server (uploads of
     * storage class {@code embeddedStorageClass}, null for STANDARD), other forms by their {@link #spec}.
     */
    static RuntimeSettings.TierChoice choice(String name, String uri, String embeddedStorageClass) {
        if (uri.startsWith("embedded:")) {
            return new RuntimeSettings.TierChoice.Embedded(name, uri.substring("embedded:".length()), embeddedStorageClass);
        }
        return new RuntimeSettings.TierChoice.Spec(spec(name, uri));
    }

    static TierSpec spec(String name, String uri) {
        if (uri.startsWith("s3://")) {
            if (!(SourceUri.parse(uri) instanceof SourceUri.S3 s)) {
                throw new ConfigException("not an S3 URI", "tier", name, "uri", uri);
            }
            TierCredentials credentials = switch (s.credentials()) {
                case SourceCredentials.DefaultChain d -> new TierCredentials.DefaultChain();
                case SourceCredentials.Environment e -> new TierCredentials.Environment();
                case SourceCredentials.Profile p -> new TierCredentials.Profile(p.name());
                case SourceCredentials.File f -> new TierCredentials.AwsFile(f.path(), f.profile());
                case SourceCredentials.Anonymous a -> throw new ConfigException("a tier needs credentials", "tier", name);
                case SourceCredentials.Static st -> throw new ConfigException("static credentials are not supported", "tier", name);
            };
            String prefix = s.prefix().isEmpty() ? null : s.prefix();
            return new TierSpec.S3(name, s.bucket(), prefix, s.region(), s.endpoint(), null, credentials);
        }
        if (uri.startsWith("minio://")) {
            URI u;
            try {
                u = URI.create(uri);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("invalid MinIO URI", "tier", name, "uri", uri);
            }
            Map<String, String> q = query(name, u.getRawQuery(), Set.of("credentials-file", "tls"));
            String bucket = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
            if (u.getHost() == null || u.getPort() < 0 || bucket.isEmpty() || bucket.contains("/")
                    || !q.containsKey("credentials-file")) {
                throw new ConfigException("MinIO URI must be minio://host:port/bucket?credentials-file=FILE", "tier", name,
                        "uri", uri);
            }
            return new TierSpec.Minio(name, u.getHost() + ":" + u.getPort(), bucket, Path.of(q.get("credentials-file")),
                    Boolean.parseBoolean(q.getOrDefault("tls", "false")));
        }
        throw new ConfigException("unsupported tier URI; expected embedded:BUCKET, s3://bucket/prefix or "
                + "minio://host:port/bucket", "tier", name, "uri", uri);
    }

    private static Map<String, String> query(String name, String raw, Set<String> allowed) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            if (!allowed.contains(k)) {
                throw new ConfigException("unknown tier URI parameter", "tier", name, "parameter", k);
            }
            q.put(k, v);
        }
        return q;
    }
}
