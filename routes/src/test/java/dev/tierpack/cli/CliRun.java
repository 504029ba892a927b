package dev.tierpack.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process {@code tierpack} command: its exit status and what it printed. */
public record CliRun(int status, String out, String err) {
    /** Runs {@code args} through the same command line as {@code bin/tierpack}, capturing stdout and stderr. */
    public static CliRun run(String... args) {
        CommandLine cl = Main.commandLineForTests();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
