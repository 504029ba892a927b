package dev.tierpack.packer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.chunk.ChunkId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkLogTest {
    @TempDir Path dir;

    record Seen(int index, ChunkId id, byte[] bytes, boolean compressible) {}

    @Test
    void replaysExactlyTheChunksWrittenInOrder() throws IOException {
        List<byte[]> chunks = List.of(TestCaches.random(1, 1), TestCaches.random(2, 70_000), TestCaches.random(3, 4096));
        ChunkLog log = ChunkLog.create(dir.resolve("c.log"));
        byte[] padded = new byte[80_000];
        for (int i = 0; i < chunks.size(); i++) {
            byte[] c = chunks.get(i);
            System.arraycopy(c, 0, padded, 7, c.length);
            log.accept(i, new ChunkHasher().hash(c), padded, 7, c.length, i != 1);
        }
        log.close();
        assertThat(log.chunks()).isEqualTo(3);
        assertThat(log.bytes()).isEqualTo(1 + 70_000 + 4096);

        List<Seen> seen = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            seen.clear();
            log.replay((i, id, buf, off, len, compressible) ->
                    seen.add(new Seen(i, id, Arrays.copyOfRange(buf, off, off + len), compressible)));
            assertThat(seen).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(seen.get(i).index()).isEqualTo(i);
                assertThat(seen.get(i).bytes()).isEqualTo(chunks.get(i));
                assertThat(seen.get(i).id()).isEqualTo(new ChunkHasher().hash(chunks.get(i)));
                assertThat(seen.get(i).compressible()).isEqualTo(i != 1); // the verdict survives the log
            }
        }
    }

    @Test
    void aTruncatedLogIsAFormatErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("t.log");
        ChunkLog log = ChunkLog.create(file);
        byte[] c = TestCaches.random(4, 1000);
        log.accept(0, new ChunkHasher().hash(c), c, 0, c.length, true);
        log.close();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> log.replay(NewChunkSink.discard()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("truncated chunk log")
                .hasMessageContaining("t.log");
    }

    @Test
    void replayNeedsAClosedLog() throws IOException {
        try (ChunkLog log = ChunkLog.create(dir.resolve("o.log"))) {
            assertThatThrownBy(() -> log.replay(NewChunkSink.discard())).isInstanceOf(IllegalStateException.class);
        }
    }
}
