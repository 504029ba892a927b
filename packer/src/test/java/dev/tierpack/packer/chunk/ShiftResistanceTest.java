package dev.tierpack.packer.chunk;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Content-defined boundaries resynchronize after a small edit: almost all chunks keep their ids. */
class ShiftResistanceTest {
    private static final byte[] BASE = TestData.random(0xC0FFEE, 4 << 20);

    /** Applies an edit: a positive {@code delta} inserts that many bytes at {@code at}, a negative one deletes. */
    private static byte[] edit(byte[] data, int at, int delta) {
        if (delta >= 0) {
            byte[] out = new byte[data.length + delta];
            System.arraycopy(data, 0, out, 0, at);
            System.arraycopy(TestData.random(at ^ delta, delta), 0, out, at, delta);
            System.arraycopy(data, at, out, at + delta, data.length - at);
            return out;
        }
        byte[] out = new byte[data.length + delta];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(data, at - delta, out, at, data.length - at + delta);
        return out;
    }

    @ParameterizedTest(name = "avg {0}, edit {2} bytes at {1}")
    @CsvSource({
        "16KiB, 0, 1", "16KiB, 100, 3", "16KiB, 5000, -2", "16KiB, 20000, 16", "16KiB, 70000, -64",
        "4KiB, 100, 1", "4KiB, 3000, -5",
        "64KiB, 100, 1", "64KiB, 40000, -5",
    })
    void almostAllBytesAreInUnchangedChunksAfterASmallEdit(String avg, int at, int delta) {
        ChunkStream stream = new ChunkStream(ChunkerParams.parse(avg));
        Set<ChunkId> before = new HashSet<>();
        TestData.streamChunks(stream, new ByteArrayInputStream(BASE)).forEach(c -> before.add(c.id()));

        List<TestData.Chunk> after = TestData.streamChunks(stream, new ByteArrayInputStream(edit(BASE, at, delta)));
        long total = 0;
        long kept = 0;
        int keptChunks = 0;
        for (TestData.Chunk c : after) {
            total += c.bytes().length;
            if (before.contains(c.id())) {
                kept += c.bytes().length;
                keptChunks++;
            }
        }
        double fraction = (double) kept / total;
        System.out.printf(Locale.ROOT, "shift avg=%s edit %+d at %d: %d/%d chunks, %.2f%% of bytes unchanged%n",
                avg, delta, at, keptChunks, after.size(), 100 * fraction);
        assertThat(fraction).isGreaterThanOrEqualTo(0.90);
        assertThat(after.size() - keptChunks).as("chunks changed by one edit").isBetween(1, 3);
    }
}
