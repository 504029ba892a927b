package dev.tierpack.manifests.read;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.StorePath;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Passes a NAR through while checking it against NarSize and NarHash, and never releases its last byte unless the
 * check passed: a write that would go past NarSize fails before anything of it is forwarded, and the write that
 * completes NarSize bytes is forwarded only after the SHA-256 of the whole NAR matched. Whoever reads the output
 * therefore never sees a complete NAR that is wrong. Failures are {@link IntegrityException}s naming the store path.
 * Does not close the target.
 */
final class VerifyingOutputStream extends OutputStream {
    private final OutputStream out;
    private final NixHash narHash;
    private final long narSize;
    private final StorePath storePath;
    private final MessageDigest sha = HashAlgorithm.SHA256.newDigest();
    private long count;
    private boolean verified;

    VerifyingOutputStream(OutputStream out, NixHash narHash, long narSize, StorePath storePath) {
        this.out = Objects.requireNonNull(out, "out");
        this.narHash = narHash;
        this.narSize = narSize;
        this.storePath = storePath;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        if (len > narSize - count) {
            throw new IntegrityException("reassembled NAR is longer than NarSize", "storePath", storePath,
                    "narSize", narSize, "atLeast", count + len);
        }
        sha.update(b, off, len);
        count += len;
        if (count == narSize) {
            check();
        }
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Checks that all NarSize bytes went through (and matched NarHash). */
    void finish() {
        if (count != narSize) {
            throw new IntegrityException("reassembled NAR is shorter than NarSize", "storePath", storePath,
                    "narSize", narSize, "actual", count);
        }
        if (!verified) {
            check();
        }
    }

    long count() {
        return count;
    }

    private void check() {
        NixHash actual = new NixHash(HashAlgorithm.SHA256, sha.digest());
        if (!actual.equals(narHash)) {
            throw new IntegrityException("reassembled NAR does not match NarHash", "storePath", storePath,
                    "expected", narHash.toNix32String(), "actual", actual.toNix32String(), "narSize", narSize);
        }
        verified = true;
    }
}
