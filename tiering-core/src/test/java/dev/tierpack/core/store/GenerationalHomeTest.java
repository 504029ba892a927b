package dev.tierpack.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.TierpackException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationalHomeTest {
    static final GenerationalHome.Spec SPEC = new GenerationalHome.Spec("test.lock", "test store", TierpackException::new);

    @TempDir Path tmp;

    static GenerationalHome lock(Path home) {
        return new GenerationalHome(home, SPEC);
    }

    @Test
    void aHomeIsLockedOnceAndLiveSwitchesToTheNewGenerationDeletingTheOld() throws Exception {
        Path home = tmp.resolve("home");
        try (GenerationalHome h = lock(home)) {
            assertThatThrownBy(() -> lock(home)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("test store is in use").hasMessageContaining("directory=" + home);
            assertThat(h.live()).isEmpty();
            Path first = Files.createDirectories(h.nextGeneration());
            h.makeLive(first);
            Path second = Files.createDirectories(h.nextGeneration());
            assertThat(second.getFileName().toString()).isEqualTo("db-2");
            h.makeLive(second);
            assertThat(h.live()).contains(second);
            assertThat(first).doesNotExist();
            assertThatThrownBy(() -> h.discard(second)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.readString(home.resolve(GenerationalHome.LIVE))).isEqualTo("db-2\n");
    }

    @Test
    void leftoversOfAnInterruptedRebuildAreDeletedWhenTheHomeIsLocked() throws Exception {
        Path home = tmp.resolve("home");
        try (GenerationalHome h = lock(home)) {
            h.makeLive(Files.createDirectories(h.nextGeneration()));
        }
        Files.createDirectories(home.resolve("db-7/sub"));
        Files.writeString(home.resolve("LIVE.tmp"), "db-7\n");
        try (GenerationalHome h = lock(home)) {
            assertThat(h.live()).contains(home.resolve("db-1"));
        }
        assertThat(home.resolve("db-7")).doesNotExist();
        assertThat(home.resolve("LIVE.tmp")).doesNotExist();
    }

    @Test
    void aLiveFileNamingNoGenerationIsAFormatErrorAndReleasesTheLock() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve(GenerationalHome.LIVE), "../../etc\n");
        assertThatThrownBy(() -> lock(home)).isInstanceOf(FormatException.class)
                .hasMessageContaining("test store LIVE file does not name a generation");
        Files.writeString(home.resolve(GenerationalHome.LIVE), "db-3\n");
        try (GenerationalHome h = lock(home)) {
            assertThat(h.live()).contains(home.resolve("db-3"));
        }
    }
}
