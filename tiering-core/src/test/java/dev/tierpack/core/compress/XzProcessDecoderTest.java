package dev.tierpack.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class XzProcessDecoderTest {

    @Test
    void closingEarlyEndsTheChildProcess() throws Exception {
        XzProcessDecoder in = (XzProcessDecoder) XzBackend.PROCESS.open(Files.newInputStream(Corpus.nars().getFirst()), "nar");
        assertThat(in.readNBytes(10_000)).hasSize(10_000);
        in.close();
        Process child = in.process().onExit().get(30, TimeUnit.SECONDS);
        assertThat(child.isAlive()).isFalse();
        assertThatThrownBy(() -> in.read(new byte[1])).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void aCompleteReadEndsWithExitStatusZero() throws Exception {
        try (XzProcessDecoder in = (XzProcessDecoder) XzBackend.PROCESS.open(Files.newInputStream(Corpus.nars().getFirst()), "nar")) {
            assertThat(in.readAllBytes()).isNotEmpty();
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.process().exitValue()).isZero();
        }
    }
}
