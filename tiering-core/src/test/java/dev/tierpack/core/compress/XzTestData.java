package dev.tierpack.core.compress;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A valid multi-chunk {@code .xz} stream for tests that need one. */
final class XzTestData {
    private static byte[] xz;

    private XzTestData() {}

    static synchronized byte[] xz() {
        if (xz == null) {
            try {
                xz = CompressTestSupport.xzEncode(CompressTestSupport.lcg(200_000, 11), 6);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return xz.clone();
    }
}
