package dev.tierpack.cli;

import dev.tierpack.core.compress.XzBenchmark;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print ratios against a baseline measured in the same run.",
        subcommands = {BenchCommand.Xz.class, BenchPipelineCommand.class, BenchIngestCommand.class})
final class BenchCommand extends CommandGroup {

    @Command(name = "xz", mixinStandardHelpOptions = true,
            description = "xz decoding throughput: native liblzma (FFM), pure Java, and a pipe to xz, against `xz -dc -T1` on the same file.")
    static final class Xz implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        java.io.PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Parameters(arity = "1", paramLabel = "FILE", description = "an .xz file (e.g. a .nar.xz)")
        Path file;

        @Option(names = "--rounds", defaultValue = "5", description = "interleaved rounds; best of each is reported (default: ${DEFAULT-VALUE})")
        int rounds;

        @Override
        public Integer call() throws Exception {
            XzBenchmark.Result r = XzBenchmark.run(file, rounds, EnumSet.allOf(XzBenchmark.Method.class));
            out().println(r.report());
            return ExitCode.OK;
        }
    }
}
