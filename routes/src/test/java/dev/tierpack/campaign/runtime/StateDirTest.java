package dev.tierpack.campaign.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The state directory layout README.md documents ("Local state"): renaming a directory strands existing state. */
class StateDirTest {
    @Test
    void layoutIsTheDocumentedOne() {
        StateDir d = new StateDir(Path.of("var", "demo"));
        assertThat(d.chunkIndex()).isEqualTo(Path.of("var", "demo", "chunk-index"));
        assertThat(d.catalog()).isEqualTo(Path.of("var", "demo", "catalog"));
        assertThat(d.embeddedS3()).isEqualTo(Path.of("var", "demo", "s3"));
        assertThat(d.embeddedKafka()).isEqualTo(Path.of("var", "demo", "kafka"));
        assertThatThrownBy(() -> new StateDir(null)).isInstanceOf(NullPointerException.class);
    }
}
