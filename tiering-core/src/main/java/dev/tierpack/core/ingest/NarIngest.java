package dev.tierpack.core.ingest;

import dev.tierpack.core.compress.Compression;
import dev.tierpack.core.compress.Decompressors;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nar.NarDigest;
import dev.tierpack.core.nar.NarReader;
import dev.tierpack.core.nix.FixedOutputPaths;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.source.BinaryCacheSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Reads the NAR of one store path from a source as a stream of entries and proves it is what its narinfo
 * says: the compressed object's FileSize and FileHash (when the narinfo has them), the decompressed NAR's
 * NarSize and NarHash, the NAR's structure, and that a content-addressed path ({@code CA}) has the store path its
 * address implies. Nothing is buffered beyond the codec's and the reader's
 * working memory.
 *
 * <p>The consumer's result is returned only after every check passed: a caller that publishes what the
 * consumer built (chunks, manifests) must do so only after {@link #read} returns. A failure throws a
 * {@link dev.tierpack.core.error.FormatException} or {@link IntegrityException} with {@code object}
 * (the NAR key), {@code narinfo} and {@code storePath} context: the store path belongs in quarantine.
 */
public final class NarIngest {
    private final BinaryCacheSource source;

    public NarIngest(BinaryCacheSource source) {
        this.source = source;
    }

    /** Consumes a NAR through its reader; may stop early, the rest is read and verified anyway. */
    @FunctionalInterface
    public interface NarConsumer<T> {
        T consume(NarReader reader) throws IOException;
    }

    public <T> T read(NarInfo info, String narinfoKey, NarConsumer<T> consumer) throws IOException {
        String narKey = info.url();
        try {
            checkContentAddress(info);
        } catch (TierpackException e) {
            throw e.with("narinfo", narinfoKey).with("storePath", info.storePath());
        }
        try (CountingDigestStream raw = new CountingDigestStream(source.open(narKey));
                InputStream decompressed = Decompressors.open(Compression.fromNarInfo(info.compression()), raw, narKey);
                NarDigest digest = new NarDigest(decompressed, info.narSize())) {
            NarReader reader = new NarReader(digest, NarReader.Options.DEFAULT.withMaxNarSize(info.narSize()));
            T result = consumer.consume(reader);
            while (reader.next() != null) {
                // drain: every byte must be parsed and hashed before the result may be used
            }
            digest.verify(info.narHash().bytes(), info.narSize(), info.storePath().toString());
            raw.drain();
            if (info.fileSize().isPresent() && info.fileSize().getAsLong() != raw.count) {
                throw new IntegrityException("FileSize mismatch", "expected", info.fileSize().getAsLong(),
                        "actual", raw.count);
            }
            if (info.fileHash().isPresent()) {
                NixHash actual = NixHash.of(HashAlgorithm.SHA256, raw.digest);
                if (!actual.equals(info.fileHash().get())) {
                    throw new IntegrityException("FileHash mismatch", "expected", info.fileHash().get().toNix32String(),
                            "actual", actual.toNix32String());
                }
            }
            return result;
        } catch (TierpackException e) {
            throw e.with("object", narKey).with("narinfo", narinfoKey).with("storePath", info.storePath());
        }
    }

    /**
     * A narinfo that claims a content address ({@code CA: fixed:...} or {@code text:...}) must name the store path
     * that address implies: Nix refuses to import it otherwise, so it would be a migrated path no client can use.
     */
    static void checkContentAddress(NarInfo info) {
        if (info.ca().isEmpty()) {
            return;
        }
        String ca = info.ca().get();
        FixedOutputPaths.implied(ca, info.storePath(), info.references()).ifPresent(implied -> {
            if (!implied.equals(info.storePath())) {
                throw new IntegrityException("store path does not match its content address", "ca", ca,
                        "implied", implied);
            }
        });
    }

    /** Counts and hashes the compressed bytes as the codec pulls them. */
    private static final class CountingDigestStream extends FilterInputStream {
        final MessageDigest digest = HashAlgorithm.SHA256.newDigest();
        long count;

        CountingDigestStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        /** Reads what the codec left (it may stop at the end of its stream) so size and hash cover the object. */
        void drain() throws IOException {
            byte[] buf = new byte[8192];
            while (read(buf, 0, buf.length) >= 0) {
                // counted and hashed by read
            }
        }
    }
}
