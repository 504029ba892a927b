package dev.tierpack.core.source;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.error.SourceObjectNotFoundException;
import dev.tierpack.core.s3.S3Clients;
import dev.tierpack.core.s3.S3Failures;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A binary cache under a prefix of an S3 bucket (AWS or any S3-compatible server), read with the
 * AWS SDK v2. Keys are reported relative to the prefix.
 *
 * <p>Listing uses ListObjectsV2 pages of {@link SourceUri.S3#pageSize()} keys with continuation
 * tokens, and {@code StartAfter} to resume; it never reads object content. Keys ending in
 * {@code /} (folder placeholders made by S3 consoles and tools) and keys whose relative part is
 * empty or starts with {@code /} are not cache objects, cannot exist in a local directory, and
 * are skipped. A HEAD request carries no error body, so on a
 * missing bucket {@link #head} reports the object as absent; {@link #open} and {@link #list}
 * report {@code code=NoSuchBucket}.
 * Credentials are resolved when the source is opened, so a bad profile or credentials file fails
 * fast with {@link ConfigException}.
 */
public final class S3Source implements BinaryCacheSource {
    private final SourceUri.S3 config;
    private final S3Client s3;
    private final String description;

    public S3Source(SourceUri.S3 config) {
        this(config, true);
    }

    /**
     * @param clientRetries whether the S3 client retries failed requests by itself; off when the caller retries
     *     (a {@link ResilientSource}), so that every attempt is seen, counted and backed off by the caller
     */
    public S3Source(SourceUri.S3 config, boolean clientRetries) {
        this.config = Objects.requireNonNull(config, "config");
        this.description = config.describe();
        AwsCredentialsProvider provider = provider(config.credentials(), description);
        this.s3 = clientRetries
                ? S3Clients.create(config.endpoint(), Region.of(config.region()), config.pathStyle(), provider)
                : S3Clients.createWithoutRetries(config.endpoint(), Region.of(config.region()), config.pathStyle(),
                        provider);
    }

    private static AwsCredentialsProvider provider(SourceCredentials credentials, String source) {
        try {
            AwsCredentialsProvider provider = switch (credentials) {
                case SourceCredentials.DefaultChain d -> DefaultCredentialsProvider.builder().build();
                case SourceCredentials.Environment e -> EnvironmentVariableCredentialsProvider.create();
                case SourceCredentials.Profile p -> ProfileCredentialsProvider.builder().profileName(p.name()).build();
                case SourceCredentials.File f -> ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(f.path()).type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName(f.profile())
                        .build();
                case SourceCredentials.Static s -> s.credentials().provider();
                case SourceCredentials.Anonymous a -> AnonymousCredentialsProvider.create();
            };
            if (!(credentials instanceof SourceCredentials.DefaultChain)) {
                provider.resolveCredentials(); // fail now, not at the first request
            }
            return provider;
        } catch (SdkException | IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            throw new ConfigException("cannot load S3 credentials", e, "source", source,
                    "credentials", credentials.getClass().getSimpleName(), "cause", String.valueOf(e.getMessage()));
        }
    }

    public SourceUri.S3 config() {
        return config;
    }

    /**
     * The client this source reads with (configured endpoint, region, addressing and credentials), for callers
     * that issue listing requests themselves (the campaign lister's Camel {@code aws2-s3} endpoint). Owned by this
     * source: do not close it.
     */
    public S3Client client() {
        return s3;
    }

    @Override
    public Iterator<SourceObject> list(String startAfter) {
        return new Listing(startAfter);
    }

    @Override
    public InputStream open(String key) {
        requireKey(key);
        return get(key, GetObjectRequest.builder().bucket(config.bucket()).key(config.prefix() + key).build());
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        requireKey(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length + " for " + key);
        }
        if (length == 0) {
            SourceObject o = head(key).orElseThrow(() -> notFound(key, null));
            if (offset > o.size()) {
                throw beyondEnd(key, offset, length, o.size());
            }
            return InputStream.nullInputStream();
        }
        GetObjectRequest request = GetObjectRequest.builder().bucket(config.bucket()).key(config.prefix() + key)
                .range("bytes=" + offset + "-" + (offset + length - 1)).build();
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(request);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                throw beyondEnd(key, offset, length, null);
            }
            throw failure("cannot read object range", key, e);
        } catch (SdkException e) {
            throw failure("cannot read object range", key, e);
        }
        Long got = in.response().contentLength();
        if (got == null || got != length) {
            in.abort();
            throw beyondEnd(key, offset, length, S3Failures.sizeFromContentRange(in.response().contentRange()));
        }
        return new AbortOnEarlyClose(in);
    }

    private InputStream get(String key, GetObjectRequest request) {
        try {
            return new AbortOnEarlyClose(s3.getObject(request));
        } catch (SdkException e) {
            throw failure("cannot read object", key, e);
        }
    }

    @Override
    public Optional<SourceObject> head(String key) {
        requireKey(key);
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(config.bucket()).key(config.prefix() + key));
            return Optional.of(new SourceObject(key, r.contentLength(), r.lastModified(), unquote(r.eTag())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isMissingBucket(e)) {
                return Optional.empty();
            }
            throw failure("cannot read object metadata", key, e);
        } catch (SdkException e) {
            throw failure("cannot read object metadata", key, e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3Source[" + description + "]";
    }

    private SourceException failure(String what, String key, SdkException e) {
        if (e instanceof NoSuchKeyException || (e instanceof S3Exception s && s.statusCode() == 404 && !isMissingBucket(s))) {
            return notFound(key, e);
        }
        SourceException x = new SourceException(what, e, "key", key, "source", description);
        if (e instanceof S3Exception s) {
            x.with("status", s.statusCode());
            if (s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null) {
                x.with("code", s.awsErrorDetails().errorCode());
            }
        } else {
            x.with("cause", String.valueOf(e.getMessage()));
        }
        return x;
    }

    private static boolean isMissingBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private SourceException notFound(String key, Throwable cause) {
        return new SourceObjectNotFoundException("object not found", cause, "key", key, "source", description);
    }

    private SourceException beyondEnd(String key, long offset, long length, Long size) {
        SourceException e = new SourceException("range beyond end of object", "key", key, "offset", offset,
                "length", length, "source", description);
        if (size != null) {
            e.with("size", size);
        }
        return e;
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must be non-empty");
        }
    }

    static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    /** Lazily pages through ListObjectsV2; holds at most one page. */
    private final class Listing implements Iterator<SourceObject> {
        private final String startAfter;
        private Iterator<S3Object> page = Collections.emptyIterator();
        private String continuationToken;
        private boolean firstRequest = true;
        private boolean truncated = true;
        private String lastKey;
        private SourceObject next;

        Listing(String startAfter) {
            this.startAfter = startAfter;
            this.lastKey = startAfter;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (page.hasNext()) {
                    next = toSourceObject(page.next());
                } else if (truncated) {
                    fetch();
                } else {
                    return false;
                }
            }
            return true;
        }

        @Override
        public SourceObject next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            SourceObject o = next;
            next = null;
            lastKey = o.key();
            return o;
        }

        private SourceObject toSourceObject(S3Object o) {
            String full = o.key();
            if (!full.startsWith(config.prefix())) {
                throw new SourceException("listed key outside the prefix", "key", full, "source", description);
            }
            String key = full.substring(config.prefix().length());
            if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
                return null; // the prefix's own placeholder, or a folder placeholder
            }
            return new SourceObject(key, o.size(), o.lastModified(), unquote(o.eTag()));
        }

        private void fetch() {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                    .bucket(config.bucket())
                    .maxKeys(config.pageSize());
            if (!config.prefix().isEmpty()) {
                request.prefix(config.prefix());
            }
            if (!firstRequest) {
                request.continuationToken(continuationToken);
            } else if (startAfter != null) {
                request.startAfter(config.prefix() + startAfter);
            }
            ListObjectsV2Response response;
            try {
                response = s3.listObjectsV2(request.build());
            } catch (SdkException e) {
                SourceException x = new SourceException("cannot list objects", e, "source", description,
                        "after", lastKey == null ? "" : lastKey);
                if (e instanceof S3Exception s) {
                    x.with("status", s.statusCode());
                    if (s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null) {
                        x.with("code", s.awsErrorDetails().errorCode());
                    }
                }
                throw x;
            }
            firstRequest = false;
            page = response.contents().iterator();
            truncated = Boolean.TRUE.equals(response.isTruncated());
            continuationToken = response.nextContinuationToken();
            if (truncated && (continuationToken == null || continuationToken.isEmpty())) {
                throw new SourceException("truncated listing without a continuation token", "source", description,
                        "after", lastKey == null ? "" : lastKey);
            }
        }
    }

    /**
     * Closing an S3 response before its end would make the HTTP client drain the rest of the
     * object to reuse the connection; abort it instead.
     */
    private static final class AbortOnEarlyClose extends FilterInputStream {
        private final ResponseInputStream<?> response;
        private boolean eof;

        AbortOnEarlyClose(ResponseInputStream<?> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            eof |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            eof |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!eof) {
                response.abort();
            }
            super.close();
        }
    }
}
