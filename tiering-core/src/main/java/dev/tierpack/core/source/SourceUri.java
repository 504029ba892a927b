package dev.tierpack.core.source;

import dev.tierpack.core.error.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a binary cache lives, parsed from a URI:
 *
 * <ul>
 *   <li>{@code s3://bucket[/prefix][?param=value&…]} with parameters {@code region} (default
 *       {@code us-east-1}), {@code endpoint} (an {@code http(s)://host[:port]} URI for S3-compatible
 *       servers), {@code path-style} ({@code true|false}, default true when an endpoint is given),
 *       {@code page-size} (1..1000, default 1000), and credentials: {@code profile=name},
 *       {@code credentials-file=/path} (AWS INI format, section {@code profile} or {@code default}),
 *       {@code credentials=default|env|anonymous}. Without any, the SDK default chain is used.
 *   <li>{@code file:///absolute/path} for a directory holding a binary cache.
 * </ul>
 *
 * Parsing never touches the network or the file system. Secrets never appear in a URI.
 */
public sealed interface SourceUri {

    /** A URI for this source without secrets; {@link #parse} of it gives an equal value unless credentials are {@link SourceCredentials.Static}. */
    String describe();

    /** Parses an {@code s3://} or {@code file://} URI. */
    static SourceUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.startsWith("s3://")) {
            return S3.parseS3(uri);
        }
        if (uri.startsWith("file:")) {
            return LocalDir.parseFile(uri);
        }
        throw new ConfigException("unsupported source URI; expected s3://bucket/prefix or file:///path", "uri", uri);
    }

    /**
     * A bucket prefix.
     *
     * @param prefix "" or a prefix ending in {@code /} (one is appended if missing; a leading {@code /} is dropped)
     * @param endpoint endpoint override or null for AWS
     */
    record S3(String bucket, String prefix, String region, URI endpoint, boolean pathStyle,
            SourceCredentials credentials, int pageSize) implements SourceUri {
        public static final String DEFAULT_REGION = "us-east-1";
        public static final int MAX_PAGE_SIZE = 1000;
        private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]");
        private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");
        private static final Set<String> PARAMS =
                Set.of("region", "endpoint", "path-style", "page-size", "profile", "credentials-file", "credentials");

        public S3 {
            if (bucket == null || !BUCKET.matcher(bucket).matches()) {
                throw new ConfigException("invalid S3 bucket name", "bucket", bucket);
            }
            prefix = normalizePrefix(prefix);
            region = region == null ? DEFAULT_REGION : region;
            if (!REGION.matcher(region).matches()) {
                throw new ConfigException("invalid S3 region", "region", region);
            }
            if (endpoint != null) {
                String scheme = endpoint.getScheme();
                if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null
                        || endpoint.getUserInfo() != null) {
                    throw new ConfigException("S3 endpoint must be http(s)://host[:port] without user info",
                            "endpoint", endpoint.getScheme() + "://" + endpoint.getHost());
                }
            }
            Objects.requireNonNull(credentials, "credentials");
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new ConfigException("S3 page size out of range", "pageSize", pageSize, "max", MAX_PAGE_SIZE);
            }
        }

        /** A bucket prefix on AWS with the default region, credential chain and page size. */
        public static S3 of(String bucket, String prefix) {
            return new S3(bucket, prefix, null, null, false, new SourceCredentials.DefaultChain(), MAX_PAGE_SIZE);
        }

        /** The same source on an S3-compatible server, addressed path-style. */
        public S3 withEndpoint(URI endpoint) {
            return new S3(bucket, prefix, region, endpoint, true, credentials, pageSize);
        }

        public S3 withCredentials(SourceCredentials credentials) {
            return new S3(bucket, prefix, region, endpoint, pathStyle, credentials, pageSize);
        }

        public S3 withPageSize(int pageSize) {
            return new S3(bucket, prefix, region, endpoint, pathStyle, credentials, pageSize);
        }

        @Override
        public String describe() {
            Map<String, String> q = new LinkedHashMap<>();
            if (!region.equals(DEFAULT_REGION)) {
                q.put("region", region);
            }
            if (endpoint != null) {
                q.put("endpoint", endpoint.toString());
            }
            if (pathStyle != (endpoint != null)) {
                q.put("path-style", Boolean.toString(pathStyle));
            }
            if (pageSize != MAX_PAGE_SIZE) {
                q.put("page-size", Integer.toString(pageSize));
            }
            switch (credentials) {
                case SourceCredentials.DefaultChain d -> { }
                case SourceCredentials.Environment e -> q.put("credentials", "env");
                case SourceCredentials.Anonymous a -> q.put("credentials", "anonymous");
                case SourceCredentials.Profile p -> q.put("profile", p.name());
                case SourceCredentials.File f -> {
                    q.put("credentials-file", f.path().toString());
                    if (!f.profile().equals("default")) {
                        q.put("profile", f.profile());
                    }
                }
                case SourceCredentials.Static s -> q.put("credentials", "static");
            }
            StringBuilder sb = new StringBuilder("s3://").append(bucket).append('/').append(prefix);
            char sep = '?';
            for (var e : q.entrySet()) {
                sb.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
            return sb.toString();
        }

        private static String normalizePrefix(String prefix) {
            if (prefix == null) {
                return "";
            }
            String p = prefix;
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            if (!p.isEmpty() && !p.endsWith("/")) {
                p = p + "/";
            }
            return p;
        }

        private static S3 parseS3(String uri) {
            String rest = uri.substring("s3://".length());
            String query = null;
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            Map<String, String> params = parseQuery(query, uri);

            URI endpoint = null;
            if (params.containsKey("endpoint")) {
                try {
                    endpoint = new URI(params.get("endpoint"));
                } catch (URISyntaxException e) {
                    throw new ConfigException("invalid S3 endpoint", e, "endpoint", params.get("endpoint"));
                }
            }
            boolean pathStyle = endpoint != null;
            if (params.containsKey("path-style")) {
                pathStyle = switch (params.get("path-style")) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new ConfigException("path-style must be true or false", "path-style", params.get("path-style"));
                };
            }
            int pageSize = MAX_PAGE_SIZE;
            if (params.containsKey("page-size")) {
                try {
                    pageSize = Integer.parseInt(params.get("page-size"));
                } catch (NumberFormatException e) {
                    throw new ConfigException("page-size must be a number", "page-size", params.get("page-size"));
                }
            }
            return new S3(bucket, prefix, params.get("region"), endpoint, pathStyle, credentials(params), pageSize);
        }

        private static SourceCredentials credentials(Map<String, String> params) {
            String kind = params.get("credentials");
            String profile = params.get("profile");
            String file = params.get("credentials-file");
            if (kind != null && (profile != null || file != null)) {
                throw new ConfigException("credentials= cannot be combined with profile= or credentials-file=", "credentials", kind);
            }
            if (file != null) {
                return new SourceCredentials.File(Path.of(file), profile);
            }
            if (profile != null) {
                return new SourceCredentials.Profile(profile);
            }
            if (kind == null) {
                return new SourceCredentials.DefaultChain();
            }
            return switch (kind) {
                case "default" -> new SourceCredentials.DefaultChain();
                case "env" -> new SourceCredentials.Environment();
                case "anonymous" -> new SourceCredentials.Anonymous();
                default -> throw new ConfigException("credentials must be default, env or anonymous", "credentials", kind);
            };
        }

        private static Map<String, String> parseQuery(String query, String uri) {
            Map<String, String> params = new LinkedHashMap<>();
            if (query == null || query.isEmpty()) {
                return params;
            }
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException("malformed query parameter in source URI", "parameter", pair);
                }
                String name = pair.substring(0, eq);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!PARAMS.contains(name)) {
                    throw new ConfigException("unknown S3 source parameter", "parameter", name, "known", String.join(",", PARAMS.stream().sorted().toList()));
                }
                if (params.put(name, value) != null) {
                    throw new ConfigException("repeated S3 source parameter", "parameter", name);
                }
            }
            return params;
        }
    }

    /** A local directory holding a binary cache. */
    record LocalDir(Path root) implements SourceUri {
        public LocalDir {
            Objects.requireNonNull(root, "root");
            if (!root.isAbsolute()) {
                throw new ConfigException("source directory must be an absolute path", "path", root);
            }
            root = root.normalize();
        }

        @Override
        public String describe() {
            return root.toUri().toString();
        }

        private static LocalDir parseFile(String uri) {
            URI u;
            try {
                u = new URI(uri);
            } catch (URISyntaxException e) {
                throw new ConfigException("invalid file URI", e, "uri", uri);
            }
            if (u.getAuthority() != null || u.getQuery() != null || u.getPath() == null || !u.getPath().startsWith("/")) {
                throw new ConfigException("file source URI must be file:///absolute/path", "uri", uri);
            }
            return new LocalDir(Path.of(u));
        }
    }
}
