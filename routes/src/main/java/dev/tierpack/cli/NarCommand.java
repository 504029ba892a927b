package dev.tierpack.cli;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.read.ReassemblyStats;
import dev.tierpack.manifests.read.RestoreRequiredException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "nar", mixinStandardHelpOptions = true,
        description = "Writes the NAR of a migrated store path, reassembled from its manifest and chunks and checked " +
                "against its NarHash and NarSize while it streams: tierpack nar STORE_PATH_OR_HASH > x.nar On a " +
                "mismatch the last byte is never written and the exit status is 1.")
final class NarCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ReadBackOptions options;

    @Mixin StorePathParameter path;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write to FILE (complete and verified, or not at all) instead of standard output")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (CommandTiers session = options.open()) {
            var readBack = session.readBack();
            Optional<CatalogEntry> entry = readBack.lookup(path.storePath);
            if (entry.isEmpty()) {
                spec.commandLine().getErr().println("tierpack: not in the catalog: " + path.storePath);
                return ExitCode.PROBLEMS;
            }
            ReassemblyStats stats = new ReassemblyStats();
            try {
                if (output == null) {
                    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
                    readBack.writeNar(entry.get(), out, stats);
                    out.flush();
                } else {
                    Path tmp = output.resolveSibling(output.getFileName() + ".tmp");
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                        readBack.writeNar(entry.get(), out, stats);
                    } catch (Exception e) {
                        Files.deleteIfExists(tmp);
                        throw e;
                    }
                    Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IntegrityException e) {
                spec.commandLine().getErr().println("tierpack: " + e.getMessage());
                return ExitCode.PROBLEMS;
            } catch (RestoreRequiredException e) {
                spec.commandLine().getErr().println("tierpack: " + e.getMessage());
                return ExitCode.FAILED;
            }
            spec.commandLine().getErr().printf("tierpack: %s: %d bytes, NarHash ok; %d chunks from %d range GETs%n",
                    entry.get().storePath(), stats.narBytes(), stats.chunks(), stats.requests());
            return ExitCode.OK;
        }
    }
}
