package dev.tierpack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.cost.Holding;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.cost.StorageCost;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.BinaryCacheSources;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.damage.AffectedStorePaths;
import dev.tierpack.manifests.read.ReadBack;
import dev.tierpack.manifests.retire.RetirementPlan;
import dev.tierpack.manifests.retire.RetirementPlanner;
import dev.tierpack.packer.verify.TierAudit;
import dev.tierpack.packer.verify.VerifyLevel;
import dev.tierpack.packer.verify.VerifyReport;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "retire", mixinStandardHelpOptions = true,
        description = "Source retirement, never automatic: plans which source objects may be deleted.",
        subcommands = {RetireCommand.Plan.class})
final class RetireCommand extends CommandGroup {

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Verifies the tiers (packer verify --full of the warm tier, index-level checks of the cold " +
                    "tier), reassembles every warm store path against its NarHash, then lists the source and " +
                    "writes the keys of every object that belongs to a migrated, verified store path: its " +
                    "narinfo, its NAR (URL and FileSize must match) and its .ls listing. S3 sources: one " +
                    "'bucket,key' line per object (the CSV manifest of S3 Batch Operations); file sources: one " +
                    "absolute path per line. Deletes nothing, ever.",
                    "Exit 1 (and no plan) if verification finds damage."})
    static final class Plan implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin MaintenanceTiers tiers;

        @Option(names = "--source", paramLabel = "URI",
                description = "the source cache (required without --config; with it, the campaign file's source): " +
                        "file:///path or " +
                        "s3://bucket/prefix[?endpoint=URL&region=R&profile=P&credentials-file=F&path-style=true] " +
                        "S3 credentials come from the environment, a profile or a credentials file, never from " +
                        "the command line.")
        String source;

        @Option(names = "--output", paramLabel = "FILE", description = "the plan (default: STATE_DIR/retire-plan.csv)")
        Path output;

        @Option(names = "--report-json", paramLabel = "FILE", description = "write the summary as JSON") Path reportJson;

        @Option(names = "--no-reassembly",
                description = "do not reassemble warm store paths (packer verify --full has just read every warm pack)")
        boolean noReassembly;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            SourceUri uri = sourceUri();
            TierSelection selection = tiers.selection(spec);
            Path plan = output != null ? output : selection.stateDir().resolve("retire-plan.csv");
            RetirementPlan result;
            try (CommandTiers t = CommandTiers.open(selection, CommandTiers.Local.CHUNK_INDEX, CommandTiers.Local.CATALOG);
                    BinaryCacheSource src = BinaryCacheSources.open(uri)) {
                Catalog catalog = t.catalog();
                out.println("==> verifying the tiers: packer verify --full (warm), index-level checks (cold)");
                VerifyReport verify = new TierAudit(t.warm(), t.cold(), t.chunkIndex(),
                        new TierAudit.Options(VerifyLevel.FULL, 100, 1, 4)).run();
                PackerCommand.Verify.print(out, verify);
                if (!verify.ok()) {
                    PackerCommand.Verify.printAffected(out, new AffectedStorePaths(catalog, t.chunkIndex(), t.readBack())
                            .find(PackerCommand.Verify.damage(verify)));
                    out.println("no retirement plan: the tiers are damaged (fix, re-migrate, verify again)");
                    return ExitCode.PROBLEMS;
                }
                out.println("==> " + (noReassembly ? "" : "reassembling every warm store path, then ") + "listing the source "
                        + src.describe());
                ReadBack readBack = t.readBack();
                Path tmp = Files.createTempFile(plan.toAbsolutePath().getParent() == null ? Path.of(".")
                        : Files.createDirectories(plan.toAbsolutePath().getParent()), ".retire-plan", ".tmp");
                try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    result = new RetirementPlanner(catalog, readBack, !noReassembly).plan(src, o -> {
                        try {
                            w.write(line(uri, o.key()));
                            w.write('\n');
                        } catch (java.io.IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
                Files.move(tmp, plan, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            BigDecimal savings = new StorageCost(PriceTable.defaults()).monthly(new Holding(StorageClass.STANDARD,
                    result.retiredObjects(), result.retiredBytes(), result.retiredBytes())).totalUsd();
            out.printf(Locale.ROOT, "source: %,d objects (%s); catalog: %,d store paths, %,d verified%n",
                    result.sourceObjects(), Reports.bytes(result.sourceBytes()), result.storePaths(), result.verifiedPaths());
            out.printf(Locale.ROOT, "plan: %,d objects (%s) %s, saving $%s a month of S3 Standard storage%n",
                    result.retiredObjects(), Reports.bytes(result.retiredBytes()), result.retiredByKind(),
                    savings.toPlainString());
            out.printf(Locale.ROOT, "kept in the source: %s%n", result.kept());
            result.failures().forEach(f -> out.println("  read-back failed: " + f));
            out.println("written: " + plan + " (nothing was deleted)");
            if (reportJson != null) {
                ObjectNode json = Reports.mapper().valueToTree(result);
                json.put("planFile", plan.toString());
                json.put("monthlySavingsUsd", savings);
                Reports.writeJson(json, reportJson);
            }
            return result.failures().isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS;
        }

        /** The source: the campaign file's with --config (--source is then refused), else --source. */
        private SourceUri sourceUri() {
            RuntimeSettings s = tiers.settings(spec, "--source");
            if (s == null) {
                if (source == null) {
                    throw new ConfigException("retire plan needs --source URI or --config FILE", "option", "--source");
                }
                return SourceUri.parse(source);
            }
            if (!(s.source() instanceof RuntimeSettings.SourceChoice.Uri u)) {
                throw new ConfigException("the campaign's source is not a URI", "campaign", s.campaign());
            }
            return u.uri();
        }

        /** One plan line: {@code bucket,key} (URL-encoded as S3 Batch Operations expects) or an absolute path. */
        static String line(SourceUri uri, String key) {
            return switch (uri) {
                case SourceUri.S3 s -> s.bucket() + "," + URLEncoder.encode(s.prefix() + key, StandardCharsets.UTF_8);
                case SourceUri.LocalDir l -> l.root().resolve(key).toAbsolutePath().toString();
            };
        }
    }
}
