package dev.tierpack.cli;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierpackException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/tierpack}. */
@Command(
        name = "tierpack",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Moves a Nix binary cache out of one S3 bucket into deduplicated pack files on a warm and a cold tier.",
        subcommands = {DemoCommand.class, ServicesCommand.class, SourceCommand.class, CampaignCommand.class, PackerCommand.class,
                NarCommand.class, ExplainCommand.class, ServeCommand.class, RestoreCommand.class, ReplaceCommand.class, ManifestsCommand.class, RetireCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {"  0  ok", "  1  problems found (corrupt/quarantined objects, failed verification)",
                "  2  usage or configuration error", "  3  could not complete (I/O, unreachable endpoint); safe to rerun"})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit status (used by tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line as {@link #run} uses it (tests set its writers). */
    public static CommandLine commandLineForTests() {
        return commandLine();
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof ConfigException) {
            err.println("tierpack: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (e instanceof TierpackException) {
            err.println("tierpack: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("failure", e);
            return ExitCode.FAILED;
        }
        err.println("tierpack: unexpected error: " + e);
        e.printStackTrace(err);
        return ExitCode.FAILED;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tierpack " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
