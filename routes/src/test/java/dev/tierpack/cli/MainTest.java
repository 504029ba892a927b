package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir Path tmp;



    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(5);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertThat(r.status()).as("%s --help", path).isZero();
            assertThat(r.out()).as("%s --help", path).contains("Usage:");
        }
        assertThat(CliRun.run("--help").out()).contains("Exit status:", "usage or configuration error");
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        out.add(List.copyOf(prefix));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(prefix);
                p.add(name);
                collect(sub, p, out);
            }
        });
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(CliRun.run("no-such-command").status()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.run("source", "audit").status()).isEqualTo(ExitCode.USAGE);
        CliRun bad = CliRun.run("source", "ls", "--source", "ftp://x");
        assertThat(bad.status()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("unsupported source URI", "uri=ftp://x");
    }

    @Test
    void auditOfTheCorpusIsCleanAndACorruptCopyExitsWith1() throws Exception {
        CliRun clean = CliRun.run("source", "audit", "--source", Corpus.cache().toUri().toString(),
                "--trusted-key-file", Corpus.publicKeyFile().toString(), "--state-dir", tmp.toString(),
                "--report-json", tmp.resolve("r.json").toString());
        assertThat(clean.status()).as(clean.err()).isZero();
        assertThat(clean.out()).contains("signatures valid: 25", "no problems found");
        assertThat(Files.readString(tmp.resolve("r.json"))).contains("\"storePathsVerified\" : 25");

        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        for (Path p : Corpus.narinfos()) {
            Files.copy(p, copy.resolve(p.getFileName()));
        }
        CliRun broken = CliRun.run("source", "audit", "--source", copy.toUri().toString(), "--no-nars",
                "--state-dir", tmp.toString());
        assertThat(broken.status()).isEqualTo(ExitCode.PROBLEMS);
        assertThat(broken.out()).contains("dangling-narinfo");
        assertThat(Files.readAllLines(tmp.resolve("quarantine.jsonl"))).hasSize(25)
                .allSatisfy(l -> assertThat(l).contains("\"kind\":\"dangling-narinfo\""));
    }
}
