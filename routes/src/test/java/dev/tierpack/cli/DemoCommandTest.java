package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo runs end to end on embedded services and a second run resumes from the persisted state. */
class DemoCommandTest {
    @TempDir Path state;

    @Test
    void demoRunsEndToEndAndReusesItsState() throws Exception {
        MainTest.Run first = MainTest.run("demo", "--state-dir", state.toString(), "--packages", "8", "--bumps", "3");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("generating a sample binary cache", "no problems found", "Next steps:");
        assertThat(state.resolve("channels/bump3.txt")).exists();
        assertThat(Files.readAllLines(state.resolve("channels/bump3.txt"))).isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("/nix/store/"));
        assertThat(Files.readString(state.resolve("keys/demo.public"))).startsWith("demo.tierpack.dev-1:");
        assertThat(Files.getPosixFilePermissions(state.resolve("keys/demo.secret")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");

        MainTest.Run second = MainTest.run("demo", "--state-dir", state.toString(), "--packages", "8", "--bumps", "3");
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).contains("already holds the sample cache", "no problems found");
    }
}
