package dev.tierpack.core.nar;

import dev.tierpack.core.error.IntegrityException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An {@link InputStream} wrapper that computes the SHA-256 and length of every byte read through
 * it, typically the decompressed NAR under a {@link NarReader}:
 *
 * <pre>{@code
 * var digest = new NarDigest(decompressed, narSize);
 * var reader = new NarReader(digest, NarReader.Options.DEFAULT.withMaxNarSize(narSize));
 * for (NarEntry e = reader.next(); e != null; e = reader.next()) { ... }
 * digest.verify(narHash, narSize, storePath);
 * }</pre>
 *
 * <p>With a size limit, a read that would deliver byte number {@code limit + 1} fails with an
 * {@link IntegrityException} ({@code NAR longer than declared size}), so an oversized stream is
 * caught as soon as it is consumed. {@code mark}/{@code reset} are not supported; {@code skip}
 * reads (and hashes) the skipped bytes. Not thread-safe.
 */
public final class NarDigest extends FilterInputStream {
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;
    private final long limit;
    private long size;
    private byte[] scratch;

    /** Hashes and counts without a size limit. */
    public NarDigest(InputStream in) {
        this(in, Long.MAX_VALUE);
    }

    /** Hashes and counts, failing if more than {@code expectedSize} bytes are read. */
    public NarDigest(InputStream in, long expectedSize) {
        super(in);
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize must be >= 0: " + expectedSize);
        }
        this.limit = expectedSize;
        this.sha256 = newSha256();
    }

    /** Bytes read so far. */
    public long size() {
        return size;
    }

    /** SHA-256 of the bytes read so far (reading may continue afterwards). */
    public byte[] sha256() {
        try {
            return ((MessageDigest) sha256.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    /**
     * Checks the bytes read so far against the narinfo's {@code NarSize} and {@code NarHash}.
     *
     * @throws IntegrityException {@code NAR size mismatch} or {@code NAR hash mismatch}, naming the
     *     store path and the expected and actual values (hashes as {@code sha256:} lowercase hex)
     */
    public void verify(byte[] expectedSha256, long expectedSize, String storePath) {
        if (expectedSha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, not " + expectedSha256.length);
        }
        if (size != expectedSize) {
            throw new IntegrityException("NAR size mismatch", "storePath", storePath,
                    "expectedSize", expectedSize, "actualSize", size);
        }
        byte[] actual = sha256();
        if (!MessageDigest.isEqual(actual, expectedSha256)) {
            throw new IntegrityException("NAR hash mismatch", "storePath", storePath,
                    "expected", "sha256:" + HEX.formatHex(expectedSha256), "actual", "sha256:" + HEX.formatHex(actual));
        }
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            account(1);
            sha256.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            account(n);
            sha256.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        if (scratch == null) {
            scratch = new byte[8192];
        }
        long skipped = 0;
        while (skipped < n) {
            int k = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (k < 0) {
                break;
            }
            skipped += k;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void account(int n) {
        if (n > limit - size) {
            throw new IntegrityException("NAR longer than declared size", "expectedSize", limit,
                    "atLeast", size + n);
        }
        size += n;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
