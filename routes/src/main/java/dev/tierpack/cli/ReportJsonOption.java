package dev.tierpack.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --report-json FILE}: where a command that prints a report writes it as JSON too. */
final class ReportJsonOption {
    @Option(names = "--report-json", paramLabel = "FILE", description = "write the report as JSON")
    Path file;

    boolean given() {
        return file != null;
    }

    /** Writes {@code report} as JSON if the option was given. */
    void write(Object report) throws IOException {
        if (given()) {
            Reports.writeJson(report, file);
        }
    }
}
