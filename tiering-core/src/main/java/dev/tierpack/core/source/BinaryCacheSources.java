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

    /** Parses and opens {@code s3://…} or {@code file:///…}. */
    public static BinaryCacheSource open(String uri) {
        return open(SourceUri.parse(uri));
    }
}
