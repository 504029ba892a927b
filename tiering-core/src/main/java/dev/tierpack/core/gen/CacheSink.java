package dev.tierpack.core.gen;

import java.io.IOException;

/** Where a generated binary cache goes: a directory, an S3 bucket. Keys are binary-cache keys. */
public interface CacheSink {
    void put(String key, byte[] bytes) throws IOException;
}
