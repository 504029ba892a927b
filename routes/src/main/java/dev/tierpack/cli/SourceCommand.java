package dev.tierpack.cli;

import dev.tierpack.core.audit.AuditReport;
import dev.tierpack.core.audit.SourceAudit;
import dev.tierpack.core.nix.PublicKey;
import dev.tierpack.core.nix.SignatureVerifier;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.BinaryCacheSources;
import dev.tierpack.core.source.SourceObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "source", mixinStandardHelpOptions = true, description = "Reads a binary cache without writing to it.",
        subcommands = {SourceCommand.Ls.class, SourceCommand.Audit.class})
final class SourceCommand extends CommandGroup {

    static final class SourceOption {
        @Option(names = "--source", required = true, paramLabel = "URI",
                description = "file:///path or " +
                        "s3://bucket/prefix[?endpoint=URL&region=R&profile=P&credentials-file=F&path-style=true] " +
                        "S3 credentials come from the environment, a profile or a credentials file, never from " +
                        "the command line.")
        String uri;
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists keys with their kind and size, in S3 order.")
    static final class Ls implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        java.io.PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Mixin SourceOption source;

        @Option(names = "--start-after", paramLabel = "KEY", description = "resume the listing after this key")
        String startAfter;

        @Option(names = "--limit", defaultValue = "0", description = "stop after N keys (0: all)")
        long limit;

        @Override
        public Integer call() {
            try (BinaryCacheSource src = BinaryCacheSources.open(source.uri)) {
                Iterator<SourceObject> it = src.list(startAfter);
                for (long n = 0; it.hasNext() && (limit == 0 || n < limit); n++) {
                    SourceObject o = it.next();
                    out().printf("%-12s %12d  %s%n", o.kind(), o.size(), o.key());
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = {"Reads every narinfo and NAR the way a migration will: parses strictly, checks signatures, " +
                    "FileHash/FileSize and NarHash/NarSize, and reports dangling references.",
                    "Problems are written to the quarantine log (JSON lines); exit status 1 if there are any."})
    static final class Audit implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        java.io.PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Mixin SourceOption source;
        @Mixin StateDirOption state;

        @Option(names = "--trusted-key", paramLabel = "NAME:BASE64", description = "public key narinfos must be signed with (repeatable)")
        List<String> trustedKeys = List.of();

        @Option(names = "--trusted-key-file", paramLabel = "FILE", description = "file holding public keys, one per line")
        Path trustedKeyFile;

        @Option(names = "--no-nars", description = "check narinfos and key sets only, do not stream NARs")
        boolean noNars;

        @Option(names = "--concurrency", defaultValue = "8", description = "store paths verified at once (default: ${DEFAULT-VALUE})")
        int concurrency;

        @Option(names = "--quarantine", paramLabel = "FILE", description = "quarantine log (default: STATE_DIR/quarantine.jsonl)")
        Path quarantineFile;

        @Mixin ReportJsonOption reportJson;

        @Override
        public Integer call() throws Exception {
            SignatureVerifier verifier = Verifiers.from(trustedKeys, trustedKeyFile);
            Path quarantine = quarantineFile != null ? quarantineFile : state.stateDir.resolve("quarantine.jsonl");
            AuditReport report;
            try (BinaryCacheSource src = BinaryCacheSources.open(source.uri);
                    QuarantineLog log = QuarantineLog.open(quarantine)) {
                report = new SourceAudit(src, new SourceAudit.Options(verifier, !noNars, concurrency,
                        state.stateDir.resolve("tmp")), log::append).run();
            }
            out().print(Reports.auditSummary(report, quarantine));
            reportJson.write(report);
            return report.clean() ? ExitCode.OK : ExitCode.PROBLEMS;
        }
    }

    /** Trusted keys from options and files. */
    static final class Verifiers {
        private Verifiers() {}

        static SignatureVerifier from(List<String> keys, Path file) throws java.io.IOException {
            List<PublicKey> all = new java.util.ArrayList<>();
            keys.forEach(k -> all.add(PublicKey.parse(k.strip())));
            if (file != null) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        all.add(PublicKey.parse(line.strip()));
                    }
                }
            }
            return all.isEmpty() ? null : new SignatureVerifier(all);
        }
    }
}
