package dev.tierpack.packer.chunk;

import dev.tierpack.core.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chunks the decompressed NAR streams of the real-Nix corpus (whole NARs, not yet the per-file
 * contents that production will chunk) and reports how many bytes deduplicate. The corpus holds
 * successive builds of the same packages (channel bumps), so identical content must be found.
 */
class CorpusDedupTest {
    record Tally(long totalBytes, long duplicateBytes, long chunks, long uniqueChunks) {}

    private static final class Counter {
        final ChunkStream stream;
        final Set<ChunkId> seen = new HashSet<>();
        long total;
        long duplicate;
        long chunks;

        Counter(ChunkerParams params) {
            stream = new ChunkStream(params);
        }

        void add(byte[] nar) throws IOException {
            ChunkHasher hasher = ChunkHasher.forCurrentThread();
            stream.chunk(new ByteArrayInputStream(nar), nar.length, (offset, buf, off, len) -> {
                chunks++;
                total += len;
                if (!seen.add(hasher.hash(buf, off, len))) {
                    duplicate += len;
                }
            });
        }

        Tally tally() {
            return new Tally(total, duplicate, chunks, seen.size());
        }
    }

    @Test
    void mostCorpusBytesDeduplicate() throws IOException {
        List<Path> nars = Corpus.nars();
        assertThat(nars).hasSizeGreaterThanOrEqualTo(2);
        Counter c16 = new Counter(ChunkerParams.of(16 << 10));
        Counter c64 = new Counter(ChunkerParams.of(64 << 10));
        long narBytes = 0;
        for (Path nar : nars) {
            byte[] plain;
            try (InputStream in = new XZInputStream(Files.newInputStream(nar))) {
                plain = in.readAllBytes(); // test-only: each NAR is a few MiB
            }
            narBytes += plain.length;
            c16.add(plain);
            c64.add(plain);
        }
        for (var e : List.of(java.util.Map.entry("16KiB", c16.tally()), java.util.Map.entry("64KiB", c64.tally()))) {
            Tally t = e.getValue();
            System.out.printf(Locale.ROOT,
                    "corpus dedup avg=%s: %d NARs, %d bytes, %d chunks (%d unique), duplicate bytes %.1f%%%n",
                    e.getKey(), nars.size(), t.totalBytes(), t.chunks(), t.uniqueChunks(),
                    100.0 * t.duplicateBytes() / t.totalBytes());
            assertThat(t.totalBytes()).isEqualTo(narBytes);
            assertThat(t.duplicateBytes()).isPositive();
            assertThat(t.uniqueChunks()).isLessThan(t.chunks());
        }

        // Uploading a NAR again must deduplicate entirely.
        Tally before = c16.tally();
        try (InputStream in = new XZInputStream(Files.newInputStream(nars.getFirst()))) {
            c16.add(in.readAllBytes());
        }
        Tally after = c16.tally();
        assertThat(after.duplicateBytes() - before.duplicateBytes()).isEqualTo(after.totalBytes() - before.totalBytes());
        assertThat(after.uniqueChunks()).isEqualTo(before.uniqueChunks());
    }
}
