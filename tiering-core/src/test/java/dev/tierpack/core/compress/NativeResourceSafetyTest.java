package dev.tierpack.core.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Native state (lzma_stream, arena, buffers) is released exactly when it should be, and misuse
 * never crashes the JVM. Live counts are compared with "at most as before": the cleaner may
 * release a stream some other test abandoned, never add one.
 */
class NativeResourceSafetyTest {
    private static final Path NAR = Corpus.nars().getFirst();

    @Test
    void closingAfterAPartialReadReleasesTheNativeState() throws IOException {
        int before = LzmaStream.liveStreams();
        NativeXzInputStream in = (NativeXzInputStream) NativeXz.decoder(Files.newInputStream(NAR), "nar");
        assertThat(LzmaStream.liveStreams()).isEqualTo(before + 1);
        assertThat(in.readNBytes(100_000)).hasSize(100_000);
        in.close();
        assertThat(in.nativeStateReleased()).isTrue();
        assertThat(LzmaStream.liveStreams()).isLessThanOrEqualTo(before);
        assertThatThrownBy(() -> in.read(new byte[10])).isInstanceOf(IOException.class).hasMessageContaining("closed");
        in.close(); // idempotent
        assertThat(LzmaStream.liveStreams()).isLessThanOrEqualTo(before);
    }

    @Test
    void anErrorReleasesTheNativeStateBeforeClose() throws IOException {
        byte[] nar = Files.readAllBytes(NAR);
        int before = LzmaStream.liveStreams();
        try (NativeXzInputStream in = (NativeXzInputStream) NativeXz.decoder(new ByteArrayInputStream(Arrays.copyOf(nar, nar.length / 2)), "half")) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(FormatException.class).hasMessageContaining("object=half");
            assertThat(in.nativeStateReleased()).isTrue();
            assertThat(LzmaStream.liveStreams()).isLessThanOrEqualTo(before);
        }
        assertThat(LzmaStream.liveStreams()).isLessThanOrEqualTo(before);
    }

    @Test
    void manyStreamsOpenedAndClosedInALoopLeaveNothingBehind() throws IOException {
        byte[] nar = Files.readAllBytes(NAR);
        byte[] truncated = Arrays.copyOf(nar, nar.length / 3);
        int before = LzmaStream.liveStreams();
        byte[] buf = new byte[8192];
        long decoded = 0;
        for (int i = 0; i < 400; i++) {
            switch (i % 4) {
                case 0 -> { // open and close without reading
                    NativeXz.decoder(new ByteArrayInputStream(nar), "loop").close();
                }
                case 1 -> { // read a part
                    try (InputStream in = NativeXz.decoder(new ByteArrayInputStream(nar), "loop")) {
                        decoded += in.read(buf);
                        decoded += in.readNBytes((i * 7919) % 300_000).length;
                    }
                }
                case 2 -> { // fail half way
                    try (InputStream in = NativeXz.decoder(new ByteArrayInputStream(truncated), "loop")) {
                        assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream())).isInstanceOf(FormatException.class);
                    }
                }
                default -> { // encode a little and close
                    try (OutputStream out = NativeXz.encoder(OutputStream.nullOutputStream(), 0)) {
                        out.write(buf);
                    }
                }
            }
        }
        assertThat(decoded).isPositive();
        assertThat(LzmaStream.liveStreams()).isLessThanOrEqualTo(before);
    }

    @Test
    void closingFromAnotherThreadMidStreamMakesTheReaderFailCleanly() throws Exception {
        int before = LzmaStream.liveStreams();
        InputStream in = NativeXz.decoder(Files.newInputStream(NAR), "nar");
        CountDownLatch readSome = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                in.readNBytes(50_000);
                readSome.countDown();
                closed.await();
                in.readNBytes(50_000);
            } catch (Throwable t) {
                readerFailure.set(t);
            }
        });
        readSome.await();
        in.close();
        closed.countDown();
        reader.join();
        assertThat(readerFailure.get()).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThat(LzmaStream.liveStreams()).isLessThanOrEqualTo(before);
    }

    @Test
    void anEncoderClosedTwiceOrWrittenAfterCloseDoesNotCrash() throws IOException {
        int before = LzmaStream.liveStreams();
        OutputStream out = NativeXz.encoder(OutputStream.nullOutputStream(), 1);
        out.write(new byte[100_000]);
        out.close();
        out.close();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
        assertThat(LzmaStream.liveStreams()).isLessThanOrEqualTo(before);
    }
}
