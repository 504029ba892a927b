package dev.tierpack.core.source;

/** Opens the {@link BinaryCacheSource} a {@link SourceUri} describes. */
public final class BinaryCacheSources {
    private BinaryCacheSources() {}

    public static BinaryCacheSource open(SourceUri uri) {
        return switch (uri) {
            case SourceUri.S3 s3 -> new S3Source(s3);
            case SourceUri.LocalDir dir -> new LocalDirSource(dir.root());
        };
    }

    /**
     * Opens the source inside a {@link ResilientSource}, which then makes every retry decision (an S3 client's own
     * retries are off, so each attempt is backed off, counted and seen by the circuit breaker).
     */
    public static ResilientSource openResilient(SourceUri uri, ResilientSource.Settings settings) {
        BinaryCacheSource raw = switch (uri) {
            case SourceUri.S3 s3 -> new S3Source(s3, false);
            case SourceUri.LocalDir dir -> new LocalDirSource(dir.root());
        };
        return new ResilientSource(raw, settings);
    }

    /** Parses and opens {@code s3://…} or {@code file:///…}. */
    public static BinaryCacheSource open(String uri) {
        return open(SourceUri.parse(uri));
    }
}
