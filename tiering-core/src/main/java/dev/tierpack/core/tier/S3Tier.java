package dev.tierpack.core.tier;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierException;
import dev.tierpack.core.s3.S3Clients;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.error.IntegrityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tier in an S3 bucket (AWS, or any S3-compatible server through an endpoint override), through
 * the AWS SDK v2 synchronous client.
 *
 * <ul>
 *   <li>Keys live under an optional prefix of the bucket, which {@link #list} strips.
 *   <li>Uploads carry the configured storage class ({@code STANDARD} by default; a cold tier uses
 *       {@code DEEP_ARCHIVE}, {@code GLACIER} or {@code GLACIER_IR}), on the single PUT and on the
 *       multipart initiate alike. Reading an archived object (GLACIER, DEEP_ARCHIVE) needs a restore
 *       ({@link #requestRestore}, {@code RestoreObject}; {@link #restoreStatus} reads HeadObject's
 *       {@code x-amz-restore}); before it, the server's 403 InvalidObjectState surfaces as a
 *       non-retryable {@link TierException} with that code.
 *   <li>An {@linkplain #archival() archival} tier cannot re-read what it wrote, so every PUT and part
 *       carries {@code Content-MD5} (the server rejects a body that arrived different) and every
 *       answer's ETag is checked against the MD5 sent: a single PUT's ETag is the body's MD5, a
 *       multipart upload's is the MD5 of the parts' binary MD5s, {@code -}, the part count (AWS's
 *       documented rule for objects without SSE-KMS/SSE-C). A mismatch is an
 *       {@link IntegrityException} naming the key.
 *   <li>Part bodies are sent straight from the upload's part buffer (no copy per part).
 *   <li>The SDK's own retries are off, so that each method call is exactly one request: wrap the
 *       tier in {@link RetryingTier}.
 * </ul>
 */
public final class S3Tier implements Tier {
    private final String name;
    private final String bucket;
    private final String prefix;
    private final StorageClass storageClass;
    private final int partSize;
    private final int listPageSize;
    private final S3Client s3;
    private final boolean ownsClient;
    private final String description;

    private S3Tier(Builder b) {
        this.name = b.name;
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.storageClass = b.storageClass;
        this.partSize = b.partSize;
        this.listPageSize = b.listPageSize;
        if (b.client != null) {
            this.s3 = b.client;
            this.ownsClient = false;
        } else {
            Objects.requireNonNull(b.credentials, "credentials");
            this.s3 = S3Clients.createWithoutRetries(b.endpoint, b.region, b.pathStyle, b.credentials);
            this.ownsClient = true;
        }
        this.description = "s3://" + bucket + "/" + prefix + (b.endpoint == null ? "" : " at " + b.endpoint)
                + " class=" + storageClass;
    }

    /**
     * @param name the tier's name ({@code warm}, {@code cold})
     * @param bucket an existing bucket
     */
    public static Builder builder(String name, String bucket) {
        return new Builder(name, bucket);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int partSize() {
        return partSize;
    }

    /** The storage class uploads are written with. */
    public StorageClass storageClass() {
        return storageClass;
    }

    /** Whether uploads go to an archived class (GLACIER, DEEP_ARCHIVE): reads then need a restore. */
    @Override
    public boolean archival() {
        return RestoreStatus.archivedClass(storageClass.toString());
    }

    @Override
    public RestoreStatus restoreStatus(String key) {
        Tier.requireKey(key);
        HeadObjectResponse r;
        try {
            r = s3.headObject(b -> b.bucket(bucket).key(prefix + key));
        } catch (SdkException | UncheckedIOException e) {
            throw failure("head", key, e);
        }
        try {
            return RestoreStatus.fromHead(key, r.storageClassAsString(), r.contentLength(), r.restore());
        } catch (IllegalArgumentException e) {
            throw new TierException("unexpected x-amz-restore header", e, name, "head", key, 200, null, false, null)
                    .with("restore", r.restore());
        }
    }

    @Override
    public RestoreStart requestRestore(String key, RestoreTier tier, int days) {
        Tier.requireKey(key);
        Objects.requireNonNull(tier, "tier");
        if (days < 1) {
            throw new IllegalArgumentException("restore days must be at least 1: " + days + " for " + key);
        }
        software.amazon.awssdk.services.s3.model.Tier glacierTier = switch (tier) {
            case BULK -> software.amazon.awssdk.services.s3.model.Tier.BULK;
            case STANDARD -> software.amazon.awssdk.services.s3.model.Tier.STANDARD;
            case EXPEDITED -> software.amazon.awssdk.services.s3.model.Tier.EXPEDITED;
        };
        try {
            int status = s3.restoreObject(b -> b.bucket(bucket).key(prefix + key)
                    .restoreRequest(q -> q.days(days).glacierJobParameters(g -> g.tier(glacierTier))))
                    .sdkHttpResponse().statusCode();
            return status == 200 ? RestoreStart.ALREADY_AVAILABLE : RestoreStart.STARTED;
        } catch (SdkException | UncheckedIOException e) {
            TierException x = failure("restore", key, e);
            if ("RestoreAlreadyInProgress".equals(x.code())) {
                return RestoreStart.ALREADY_IN_PROGRESS;
            }
            throw x.with("restoreTier", tier).with("days", days);
        }
    }

    @Override
    public InputStream read(String key) {
        Tier.requireKey(key);
        ResponseInputStream<GetObjectResponse> in = get("get", key,
                GetObjectRequest.builder().bucket(bucket).key(prefix + key).build());
        Long length = in.response().contentLength();
        return new BodyStream(in, in::abort, name, "get", key, length == null ? -1 : length);
    }

    @Override
    public InputStream readRange(String key, long offset, long length) {
        Tier.requireKey(key);
        Tier.requireRange(key, offset, length);
        ResponseInputStream<GetObjectResponse> in = get("getRange", key, GetObjectRequest.builder()
                .bucket(bucket).key(prefix + key).range("bytes=" + offset + "-" + (offset + length - 1)).build());
        Long got = in.response().contentLength();
        if (got == null || got != length) {
            in.abort();
            throw TierFailures.beyondEnd(name, "getRange", key, offset, length,
                    TierFailures.sizeFromContentRange(in.response().contentRange()));
        }
        return new BodyStream(in, in::abort, name, "getRange", key, length);
    }

    private ResponseInputStream<GetObjectResponse> get(String op, String key, GetObjectRequest request) {
        try {
            return s3.getObject(request);
        } catch (SdkException | UncheckedIOException e) {
            throw failure(op, key, e);
        }
    }

    @Override
    public Optional<TierObject> stat(String key) {
        Tier.requireKey(key);
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(prefix + key));
            return Optional.of(new TierObject(key, r.contentLength(), TierObject.unquote(r.eTag()), r.lastModified(),
                    r.storageClassAsString()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException | UncheckedIOException e) {
            TierException x = failure("head", key, e);
            if (x instanceof dev.tierpack.core.error.TierObjectNotFoundException) {
                return Optional.empty();
            }
            throw x;
        }
    }

    @Override
    public void delete(String key) {
        Tier.requireKey(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
        } catch (SdkException | UncheckedIOException e) {
            TierException x = failure("delete", key, e);
            if (!(x instanceof dev.tierpack.core.error.TierObjectNotFoundException)) {
                throw x;
            }
        }
    }

    @Override
    public ListPage listPage(String listPrefix, String startAfter, String continuationToken) {
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).maxKeys(listPageSize);
        String fullPrefix = prefix + (listPrefix == null ? "" : listPrefix);
        if (!fullPrefix.isEmpty()) {
            request.prefix(fullPrefix);
        }
        if (continuationToken != null) {
            request.continuationToken(continuationToken);
        } else if (startAfter != null) {
            request.startAfter(prefix + startAfter);
        }
        ListObjectsV2Response response;
        try {
            response = s3.listObjectsV2(request.build());
        } catch (SdkException | UncheckedIOException e) {
            TierException x = failure("list", null, e);
            x.with("prefix", fullPrefix);
            throw x;
        }
        List<TierObject> objects = new ArrayList<>(response.contents().size());
        for (S3Object o : response.contents()) {
            if (!o.key().startsWith(prefix)) {
                throw new TierException("listed key outside the tier's prefix", null, name, "list", o.key(), 200, null,
                        false, null);
            }
            String key = o.key().substring(prefix.length());
            if (!key.isEmpty()) {
                objects.add(new TierObject(key, o.size(), TierObject.unquote(o.eTag()), o.lastModified(),
                        o.storageClassAsString()));
            }
        }
        boolean truncated = Boolean.TRUE.equals(response.isTruncated());
        String next = response.nextContinuationToken();
        if (truncated && (next == null || next.isEmpty())) {
            throw new TierException("truncated listing without a continuation token", null, name, "list", null, 200,
                    null, false, null);
        }
        return new ListPage(objects, truncated ? next : null);
    }

    @Override
    public UploadRequests uploadRequests(String key) {
        Tier.requireKey(key);
        return new Requests(key);
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    @Override
    public String toString() {
        return "S3Tier[" + name + ": " + description + "]";
    }

    /** Maps an SDK failure; the SDK also lets some I/O failures out as bare {@link UncheckedIOException}s. */
    private TierException failure(String op, String key, RuntimeException e) {
        if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
            return TierFailures.interrupted(name, op, key, new InterruptedException(String.valueOf(e.getMessage())));
        }
        if (e instanceof S3Exception s) {
            AwsErrorDetails details = s.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            String retryAfter = null;
            if (details != null && details.sdkHttpResponse() != null) {
                retryAfter = details.sdkHttpResponse().firstMatchingHeader("Retry-After").orElse(null);
            }
            return TierFailures.http(name, op, key, s.statusCode(), code, retryAfter, e);
        }
        return TierFailures.transport(name, op, key, e);
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    private static byte[] md5(PartBody body) {
        MessageDigest d = md5Digest();
        d.update(body.array(), 0, body.length());
        return d.digest();
    }

    private static RequestBody body(PartBody part) {
        return RequestBody.fromContentProvider(part::open, part.length(), "application/octet-stream");
    }

    private static java.time.Instant date(SdkHttpResponse response) {
        return TierFailures.httpDate(response.firstMatchingHeader("Date").orElse(null));
    }

    private String committedClass() {
        return storageClass == StorageClass.STANDARD ? null : storageClass.toString();
    }

    private final class Requests implements UploadRequests {
        private final String key;
        /** Binary MD5 of each part sent (archival tiers), for the multipart ETag check. */
        private final Map<Integer, byte[]> partMd5 = new ConcurrentHashMap<>();

        Requests(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public TierObject putObject(PartBody body) {
            try {
                byte[] md5 = archival() ? md5(body) : null;
                PutObjectResponse r = s3.putObject(b -> {
                    b.bucket(bucket).key(prefix + key).contentLength((long) body.length());
                    if (storageClass != StorageClass.STANDARD) {
                        b.storageClass(storageClass);
                    }
                    if (md5 != null) {
                        b.contentMD5(Base64.getEncoder().encodeToString(md5));
                    }
                }, body(body));
                if (md5 != null) {
                    checkEtag("put", HexFormat.of().formatHex(md5), r.eTag(), body.length());
                }
                return new TierObject(key, body.length(), TierObject.unquote(r.eTag()), date(r.sdkHttpResponse()),
                        committedClass());
            } catch (SdkException | UncheckedIOException e) {
                throw failure("put", key, e);
            }
        }

        @Override
        public String initiate() {
            try {
                return s3.createMultipartUpload(b -> {
                    b.bucket(bucket).key(prefix + key);
                    if (storageClass != StorageClass.STANDARD) {
                        b.storageClass(storageClass);
                    }
                }).uploadId();
            } catch (SdkException | UncheckedIOException e) {
                throw failure("initiateMultipart", key, e);
            }
        }

        @Override
        public String putPart(String uploadId, int number, PartBody body) {
            try {
                byte[] md5 = archival() ? md5(body) : null;
                String etag = s3.uploadPart(b -> {
                    b.bucket(bucket).key(prefix + key).uploadId(uploadId).partNumber(number)
                            .contentLength((long) body.length());
                    if (md5 != null) {
                        b.contentMD5(Base64.getEncoder().encodeToString(md5));
                    }
                }, body(body)).eTag();
                if (md5 != null) {
                    checkEtag("uploadPart", HexFormat.of().formatHex(md5), etag, body.length());
                    partMd5.put(number, md5);
                }
                return etag;
            } catch (SdkException | UncheckedIOException e) {
                TierException x = failure("uploadPart", key, e);
                x.with("part", number);
                throw x;
            }
        }

        @Override
        public TierObject complete(String uploadId, List<CompletedPart> parts, long size) {
            CompletedMultipartUpload upload = CompletedMultipartUpload.builder()
                    .parts(parts.stream().map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                            .partNumber(p.number()).eTag(p.etag()).build()).toList())
                    .build();
            try {
                CompleteMultipartUploadResponse r = s3.completeMultipartUpload(b -> b.bucket(bucket).key(prefix + key)
                        .uploadId(uploadId).multipartUpload(upload));
                if (archival()) {
                    checkEtag("completeMultipart", multipartEtag(parts), r.eTag(), size);
                }
                return new TierObject(key, size, TierObject.unquote(r.eTag()), date(r.sdkHttpResponse()),
                        committedClass());
            } catch (SdkException | UncheckedIOException e) {
                throw failure("completeMultipart", key, e);
            }
        }

        /** AWS's multipart ETag: MD5 of the concatenated binary part MD5s, {@code -}, the part count. */
        private String multipartEtag(List<CompletedPart> parts) {
            MessageDigest all = md5Digest();
            for (CompletedPart p : parts) {
                byte[] m = partMd5.get(p.number());
                if (m == null) {
                    throw new IntegrityException("no MD5 recorded for a completed part", "tier", name, "key", key,
                            "part", p.number());
                }
                all.update(m);
            }
            return HexFormat.of().formatHex(all.digest()) + "-" + parts.size();
        }

        private void checkEtag(String op, String expected, String etag, long size) {
            String actual = TierObject.unquote(etag);
            if (!expected.equalsIgnoreCase(actual)) {
                throw new IntegrityException("stored object's ETag differs from the MD5 of what was sent (archival "
                        + "tier: the upload is not verified)", "tier", name, "op", op, "key", key, "expected", expected,
                        "actual", actual, "bytes", size);
            }
        }

        @Override
        public void abort(String uploadId) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(prefix + key).uploadId(uploadId));
            } catch (SdkException | UncheckedIOException e) {
                TierException x = failure("abortMultipart", key, e);
                if (!"NoSuchUpload".equals(x.code())) {
                    throw x;
                }
            }
        }
    }

    /** Settings of an {@link S3Tier}. */
    public static final class Builder {
        private final String name;
        private final String bucket;
        private String prefix = "";
        private URI endpoint;
        private Region region = Region.US_EAST_1;
        private boolean pathStyle;
        private AwsCredentialsProvider credentials;
        private StorageClass storageClass = StorageClass.STANDARD;
        private int partSize = DEFAULT_PART_SIZE;
        private int listPageSize = 1000;
        private S3Client client;

        private Builder(String name, String bucket) {
            TierBuilders.requireNames(name, bucket);
            this.name = name;
            this.bucket = bucket;
        }

        /** Key prefix inside the bucket; a {@code /} is appended if missing. */
        public Builder prefix(String prefix) {
            String p = prefix == null ? "" : prefix;
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
            return this;
        }

        /** Endpoint override (S3-compatible server), or null for AWS. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** The storage class of uploads, e.g. {@code DEEP_ARCHIVE}. */
        public Builder storageClass(String storageClass) {
            StorageClass c = StorageClass.fromValue(storageClass == null ? "STANDARD" : storageClass.strip());
            if (c == null || c == StorageClass.UNKNOWN_TO_SDK_VERSION) {
                throw new ConfigException("unknown storage class", "tier", name, "storageClass", storageClass);
            }
            this.storageClass = c;
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

        /**
         * Uses an existing client instead of building one (the tier does not close it). Its retry
         * settings are the caller's: with SDK retries on, one call may be several requests.
         */
        public Builder client(S3Client client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        public S3Tier build() {
            return new S3Tier(this);
        }
    }
}
