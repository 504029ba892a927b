package dev.tierpack.packer.index;

import static dev.tierpack.packer.index.IndexFixtures.contents;
import static dev.tierpack.packer.index.IndexFixtures.entries;
import static dev.tierpack.packer.index.IndexFixtures.packId;
import static dev.tierpack.packer.index.IndexFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.ChunkRecord;
import dev.tierpack.packer.index.IndexFixtures.Written;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A publish is all or nothing, and durable once it returns. */
class PublishAtomicityTest {
    @TempDir
    Path home;

    private static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String point) {
            super("injected failure " + point);
        }
    }

    private static ChunkIndex.Faults failAtChunk(int n) {
        return new ChunkIndex.Faults() {
            @Override
            public void beforeChunk(int i) {
                if (i == n) {
                    throw new InjectedFailure("at chunk " + n);
                }
            }
        };
    }

    private static final ChunkIndex.Faults FAIL_BEFORE_WRITE = new ChunkIndex.Faults() {
        @Override
        public void beforeWrite() {
            throw new InjectedFailure("before write");
        }
    };

    @Test
    void aPublishThatFailsHalfwayThroughItsBatchLeavesNothingBehindEvenAfterReopening() {
        checkFailedPublishLeavesNothing(null);
    }

    @Test
    void aPublishThatFailsJustBeforeWritingLeavesNothingBehindEvenAfterReopening() {
        checkFailedPublishLeavesNothing(FAIL_BEFORE_WRITE);
    }

    private void checkFailedPublishLeavesNothing(ChunkIndex.Faults fault) {
        Written a = write(packId(1), contents(1, 30, 5000), 12_000);
        Written b = write(packId(2), contents(2, 30, 5000), 12_000);
        ChunkIndex.Faults faults = fault != null ? fault : failAtChunk(b.chunks().size() / 2);
        Map<ChunkId, ChunkLocation> before;
        IndexStats stats;
        try (ChunkIndex index = ChunkIndex.open(home)) {
            index.publish(a.index());
            before = entries(index);
            stats = index.stats();
        }
        try (ChunkIndex index = ChunkIndex.open(home, ChunkIndexConfig.defaults(), faults)) {
            assertThatThrownBy(() -> index.publish(b.index())).isInstanceOf(InjectedFailure.class);
            assertNothingOf(b, index);
            assertThat(entries(index)).isEqualTo(before);
            assertThat(index.stats()).isEqualTo(stats);
        }
        try (ChunkIndex index = ChunkIndex.open(home)) {
            assertNothingOf(b, index);
            assertThat(entries(index)).isEqualTo(before);
            assertThat(index.stats()).isEqualTo(stats);
            assertThat(index.publish(b.index())).isEqualTo(new PublishResult(b.chunks().size(), 0, false));
            assertThat(index.stats().chunks()).isEqualTo(a.chunks().size() + b.chunks().size());
        }
    }

    private static void assertNothingOf(Written pack, ChunkIndex index) {
        assertThat(index.isPublished(pack.id())).isFalse();
        assertThat(index.findAll(pack.chunks().keySet())).isEmpty();
    }

    /**
     * Publishes in a child JVM that then halts without closing anything (as a crash would): everything published
     * before the halt is there on reopening.
     */
    @Test
    void publishedPacksSurviveAProcessThatDiesWithoutClosing() throws IOException, InterruptedException {
        List<Written> packs = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(home.toString()));
        for (int p = 0; p < 3; p++) {
            Written w = write(packId(p), contents(40 + p, 25, 6000), 16_000);
            packs.add(w);
            Path file = Files.createTempFile(home.getParent(), "idx", ".idx");
            Files.write(file, w.indexObject());
            args.add(file.toString());
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                PublishThenHalt.class.getName()));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isEqualTo(PublishThenHalt.HALT_STATUS);
        assertThat(output).contains("published 3 packs");

        try (ChunkIndex index = ChunkIndex.open(home)) {
            for (Written w : packs) {
                assertThat(index.isPublished(w.id())).isTrue();
                for (ChunkRecord rec : w.index().body().chunks()) {
                    assertThat(index.find(rec.id())).contains(ChunkLocation.of(w.index(), rec));
                }
            }
            assertThat(index.stats().packs()).isEqualTo(3);
        }
    }
}
