package dev.tierpack.campaign.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.records.ProgressEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both views keep the latest event per store path and exact totals, whatever order and repetition. */
class ProgressViewTest {
    static final String A = "0ywk3g8zl3qj7jxpbidq5j7025zpab8z";
    static final String B = "1ywk3g8zl3qj7jxpbidq5j7025zpab8z";

    @TempDir Path dir;

    static ProgressEvent published(String hash, long narSize) {
        return ProgressEvent.published(hash, "/nix/store/" + hash + "-x-1", hash + ".narinfo", narSize, 10, 1, 1, 1, 0);
    }

    static ProgressEvent quarantined(String hash) {
        return ProgressEvent.quarantined(hash, null, hash + ".narinfo", 0, "bad", 0);
    }

    void exercise(ProgressView view) {
        assertThat(view.kind(A)).isEmpty();
        List<ProgressEvent> batch = List.of(quarantined(A), published(B, 100));
        assertThat(view.preview(batch)).isEqualTo(new ProgressView.Totals(1, 1, 100));
        assertThat(view.totals()).isEqualTo(ProgressView.Totals.ZERO); // preview changes nothing
        view.apply(batch);
        assertThat(view.isPublished(B)).isTrue();
        assertThat(view.kind(A)).isEqualTo(Optional.of(ProgressEvent.Kind.QUARANTINED));
        // the source was fixed: A is published after all; B's event comes again (a re-read of the topic)
        view.apply(List.of(published(A, 50), published(B, 100)));
        assertThat(view.totals()).isEqualTo(new ProgressView.Totals(2, 0, 150));
        assertThat(view.preview(List.of(quarantined(B), published(B, 70)))).isEqualTo(new ProgressView.Totals(2, 0, 120));
    }

    @Test
    void memoryView() {
        exercise(new MemoryProgressView());
    }

    @Test
    void rocksViewAndItSurvivesReopening() {
        try (RocksProgressView view = RocksProgressView.open(dir.resolve("view"))) {
            exercise(view);
        }
        try (RocksProgressView view = RocksProgressView.open(dir.resolve("view"))) {
            assertThat(view.totals()).isEqualTo(new ProgressView.Totals(2, 0, 150));
            assertThat(view.isPublished(A)).isTrue();
        }
    }
}
