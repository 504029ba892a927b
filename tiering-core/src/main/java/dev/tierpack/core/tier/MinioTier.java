package dev.tierpack.core.tier;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierException;
import dev.tierpack.core.error.TierObjectNotFoundException;
import dev.tierpack.core.s3.Credentials;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsV2Response;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import io.minio.messages.ListBucketResultV2;
import io.minio.messages.Part;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InternalException;
import io.minio.http.Method;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A tier in a MinIO (or other S3-compatible) bucket, through the MinIO Java SDK.
 *
 * <p>Uploads use the SDK's request-level multipart calls ({@code createMultipartUpload},
 * {@code uploadPart}, {@code completeMultipartUpload}) rather than {@code putObject} with a stream of
 * unknown size: {@code putObject} copies every part into buffers of its own and hides the parts, so
 * it could be neither retried part by part nor counted. Parts are handed to the SDK as the upload's
 * {@code byte[]} part buffer, which it signs and sends without copying. Range reads use
 * {@code GetObjectArgs.offset/length}. The region is fixed in the client, so no GetBucketLocation
 * request precedes the first call. OkHttp may transparently repeat a request on a stale pooled
 * connection; the SDK itself never retries: wrap the tier in {@link RetryingTier}.
 *
 * <p>Against S3Proxy (the embedded server) the SDK's multipart calls, ranged GETs, HEAD, DELETE and
 * ListObjectsV2 (which it sends with an empty {@code delimiter=}) work as against S3; nothing had
 * to be worked around. One thing had to be changed for memory's sake: see {@link Client}.
 */
public final class MinioTier implements Tier {
    private static final Multimap<String, String> NONE = HashMultimap.create();

    private final String name;
    private final String bucket;
    private final String region;
    private final int partSize;
    private final int listPageSize;
    private final Client client;
    private final String description;

    private MinioTier(Builder b) {
        this.name = b.name;
        this.bucket = b.bucket;
        this.region = b.region;
        this.partSize = b.partSize;
        this.listPageSize = b.listPageSize;
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .build();
        MinioAsyncClient base = MinioAsyncClient.builder()
                .endpoint(b.host, b.port, b.tls)
                .region(b.region)
                .credentials(b.credentials.accessKey(), b.credentials.secretKey())
                .httpClient(http, true)
                .build();
        this.client = new Client(base);
        this.description = (b.tls ? "https://" : "http://") + b.host + ":" + b.port + "/" + bucket;
    }

    /**
     * @param name the tier's name ({@code warm})
     * @param endpoint {@code http://host:port} or {@code https://host:port}
     * @param bucket an existing bucket
     */
    public static Builder builder(String name, URI endpoint, String bucket) {
        return new Builder(name, endpoint, bucket);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int partSize() {
        return partSize;
    }

    @Override
    public InputStream read(String key) {
        Tier.requireKey(key);
        GetObjectResponse in = await("get", key, () -> client.getObject(
                GetObjectArgs.builder().bucket(bucket).region(region).object(key).build()));
        return new BodyStream(in, () -> closeQuietly(in), name, "get", key, contentLength(in.headers()));
    }

    @Override
    public InputStream readRange(String key, long offset, long length) {
        Tier.requireKey(key);
        Tier.requireRange(key, offset, length);
        GetObjectResponse in = await("getRange", key, () -> client.getObject(GetObjectArgs.builder()
                .bucket(bucket).region(region).object(key).offset(offset).length(length).build()));
        long got = contentLength(in.headers());
        if (got != length) {
            closeQuietly(in);
            throw TierFailures.beyondEnd(name, "getRange", key, offset, length,
                    TierFailures.sizeFromContentRange(in.headers().get("Content-Range")));
        }
        return new BodyStream(in, () -> closeQuietly(in), name, "getRange", key, length);
    }

    @Override
    public Optional<TierObject> stat(String key) {
        Tier.requireKey(key);
        try {
            StatObjectResponse r = await("head", key, () -> client.statObject(
                    StatObjectArgs.builder().bucket(bucket).region(region).object(key).build()));
            return Optional.of(new TierObject(key, r.size(), TierObject.unquote(r.etag()), r.lastModified().toInstant(),
                    r.headers().get("x-amz-storage-class")));
        } catch (TierObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) {
        Tier.requireKey(key);
        try {
            await("delete", key, () -> client.removeObject(
                    RemoveObjectArgs.builder().bucket(bucket).region(region).object(key).build()));
        } catch (TierObjectNotFoundException e) {
            // already gone
        }
    }

    @Override
    public ListPage listPage(String prefix, String startAfter, String continuationToken) {
        String p = prefix == null || prefix.isEmpty() ? null : prefix;
        ListObjectsV2Response response;
        try {
            response = await("list", null, () -> client.listPage(bucket, region,
                    continuationToken == null ? startAfter : null, listPageSize, p, continuationToken));
        } catch (TierException e) {
            e.with("prefix", prefix == null ? "" : prefix);
            throw e;
        }
        ListBucketResultV2 result = response.result();
        List<TierObject> objects = new ArrayList<>(result.contents().size());
        for (Item item : result.contents()) {
            if (item.isDir()) {
                continue;
            }
            objects.add(new TierObject(item.objectName(), item.size(), TierObject.unquote(item.etag()),
                    item.lastModified() == null ? Instant.EPOCH : item.lastModified().toInstant(), item.storageClass()));
        }
        String next = result.nextContinuationToken();
        if (result.isTruncated() && (next == null || next.isEmpty())) {
            throw new TierException("truncated listing without a continuation token", null, name, "list", null, 200,
                    null, false, null);
        }
        return new ListPage(objects, result.isTruncated() ? next : null);
    }

    @Override
    public UploadRequests uploadRequests(String key) {
        Tier.requireKey(key);
        return new Requests(key);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // closing the HTTP client's pools cannot fail in a way worth reporting
        }
    }

    @Override
    public String toString() {
        return "MinioTier[" + name + ": " + description + "]";
    }

    private static long contentLength(Headers headers) {
        String v = headers.get("Content-Length");
        try {
            return v == null ? -1 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (Exception e) {
            // dropping the connection
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        CompletableFuture<T> start() throws Exception;
    }

    /** Runs one SDK call to completion, turning every failure into a {@link TierException}. */
    private <T> T await(String op, String key, Call<T> call) {
        try {
            return call.start().get();
        } catch (InterruptedException e) {
            throw TierFailures.interrupted(name, op, key, e);
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw failure(op, key, e.getCause() == null ? e : e.getCause());
        } catch (Exception e) {
            throw failure(op, key, e);
        }
    }

    private TierException failure(String op, String key, Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof TierException t) {
            return t;
        }
        if (e instanceof ErrorResponseException r) {
            int status = r.response() == null ? TierException.NO_STATUS : r.response().code();
            String retryAfter = r.response() == null ? null : r.response().header("Retry-After");
            String code = r.errorResponse() == null ? null : r.errorResponse().code();
            return TierFailures.http(name, op, key, status, code, retryAfter, e);
        }
        if (e instanceof ServerException s) {
            return TierFailures.http(name, op, key, s.statusCode(), null, null, e);
        }
        return TierFailures.transport(name, op, key, e);
    }

    private static Instant date(ObjectWriteResponse r) {
        return TierFailures.httpDate(r.headers().get("Date"));
    }

    private final class Requests implements UploadRequests {
        private final String key;

        Requests(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public TierObject putObject(PartBody body) {
            ObjectWriteResponse r = await("put", key, () -> client.put(bucket, region, key, body));
            return new TierObject(key, body.length(), TierObject.unquote(r.etag()), date(r), null);
        }

        @Override
        public String initiate() {
            return await("initiateMultipart", key,
                    () -> client.createMultipartUploadAsync(bucket, region, key, NONE, NONE)).result().uploadId();
        }

        @Override
        public String putPart(String uploadId, int number, PartBody body) {
            try {
                return await("uploadPart", key, () -> client.uploadPartAsync(bucket, region, key, body.array(),
                        body.length(), uploadId, number, NONE, NONE)).etag();
            } catch (TierException e) {
                e.with("part", number);
                throw e;
            }
        }

        @Override
        public TierObject complete(String uploadId, List<CompletedPart> parts, long size) {
            Part[] ps = parts.stream().map(p -> new Part(p.number(), p.etag())).toArray(Part[]::new);
            ObjectWriteResponse r = await("completeMultipart", key,
                    () -> client.completeMultipartUploadAsync(bucket, region, key, uploadId, ps, NONE, NONE));
            if (r.etag() == null) {
                // some servers answer a repeated completion without an ETag: ask for the object itself
                return stat(key).orElseThrow(() -> new TierObjectNotFoundException(null, name, "completeMultipart", key,
                        404, "NoSuchKey"));
            }
            return new TierObject(key, size, TierObject.unquote(r.etag()), date(r), null);
        }

        @Override
        public void abort(String uploadId) {
            try {
                await("abortMultipart", key,
                        () -> client.abortMultipartUploadAsync(bucket, region, key, uploadId, NONE, NONE));
            } catch (TierException e) {
                if (!"NoSuchUpload".equals(e.code())) {
                    throw e;
                }
            }
        }
    }

    /**
     * Reaches the SDK's protected request-level calls (single PUT from a byte array, one LIST
     * page), and sends byte-array bodies in 8 KiB slices: the SDK writes a body with one
     * {@code sink.write(bytes)}, which makes okio copy the whole part into freshly allocated
     * segments before any reaches the socket (one part of garbage per part); written in slices,
     * each slice's segments go out and return to okio's pool before the next is taken. The body's
     * bytes, length, checksum headers and signature are the SDK's own.
     */
    static final class Client extends MinioAsyncClient {
        Client(MinioAsyncClient base) {
            super(base);
        }

        CompletableFuture<ObjectWriteResponse> put(String bucket, String region, String key, PartBody body)
                throws Exception {
            return putObjectAsync(bucket, region, key, body.array(), body.length(), NONE, NONE);
        }

        /** One ListObjectsV2 request (the SDK's public listing pages internally and hides the pages). */
        CompletableFuture<ListObjectsV2Response> listPage(String bucket, String region, String startAfter,
                int maxKeys, String prefix, String continuationToken) throws Exception {
            return listObjectsV2Async(bucket, region, null, null, startAfter, maxKeys, prefix, continuationToken,
                    false, false, NONE, NONE);
        }

        @Override
        protected Request createRequest(HttpUrl url, Method method, Headers headers, Object body, int length,
                io.minio.credentials.Credentials creds)
                throws InsufficientDataException, InternalException, IOException, NoSuchAlgorithmException {
            Request request = super.createRequest(url, method, headers, body, length, creds);
            if (body instanceof byte[] bytes && request.body() != null) {
                return request.newBuilder()
                        .method(request.method(), new SlicedBody(bytes, length, request.body().contentType()))
                        .build();
            }
            return request;
        }
    }

    /** A request body written from a byte array in slices. */
    private static final class SlicedBody extends RequestBody {
        private static final int SLICE = 8192;
        private final byte[] bytes;
        private final int length;
        private final MediaType type;

        SlicedBody(byte[] bytes, int length, MediaType type) {
            this.bytes = bytes;
            this.length = length;
            this.type = type;
        }

        @Override
        public MediaType contentType() {
            return type;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            for (int off = 0; off < length; off += SLICE) {
                sink.write(bytes, off, Math.min(SLICE, length - off));
            }
        }
    }

    /** Settings of a {@link MinioTier}. */
    public static final class Builder {
        private final String name;
        private final String bucket;
        private final String host;
        private final int port;
        private final boolean tls;
        private String region = "us-east-1";
        private Credentials credentials;
        private int partSize = DEFAULT_PART_SIZE;
        private int listPageSize = 1000;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofMinutes(2);

        private Builder(String name, URI endpoint, String bucket) {
            TierBuilders.requireNames(name, bucket);
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null
                    || (endpoint.getPath() != null && !endpoint.getPath().isEmpty() && !endpoint.getPath().equals("/"))) {
                throw new ConfigException("MinIO endpoint must be http(s)://host[:port]", "tier", name,
                        "endpoint", endpoint);
            }
            this.name = name;
            this.bucket = bucket;
            this.host = endpoint.getHost();
            this.tls = "https".equals(scheme);
            this.port = endpoint.getPort() > 0 ? endpoint.getPort() : (tls ? 443 : 80);
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Part size in bytes, at least {@link Tier#MIN_PART_SIZE} (5 MiB); 16 MiB by default. */
        public Builder partSize(int partSize) {
            this.partSize = TierBuilders.partSize(name, partSize);
            return this;
        }

        /** Keys per LIST request, 1 to 1000. */
        public Builder listPageSize(int listPageSize) {
            this.listPageSize = TierBuilders.listPageSize(name, listPageSize);
            return this;
        }

        /** Connect timeout, and read/write timeout (per socket operation). */
        public Builder timeouts(Duration connect, Duration readWrite) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.readTimeout = Objects.requireNonNull(readWrite, "readWrite");
            return this;
        }

        public MinioTier build() {
            if (credentials == null) {
                throw new ConfigException("MinIO tier needs credentials", "tier", name);
            }
            return new MinioTier(this);
        }
    }
}
