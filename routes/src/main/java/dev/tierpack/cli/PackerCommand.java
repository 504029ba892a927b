package dev.tierpack.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.damage.AffectedStorePath;
import dev.tierpack.manifests.damage.AffectedStorePaths;
import dev.tierpack.manifests.damage.Damage;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.index.ChunkIndexRebuilder;
import dev.tierpack.packer.index.RebuildResult;
import dev.tierpack.packer.pack.PackInspector;
import dev.tierpack.packer.pack.PackReader;
import dev.tierpack.packer.upload.OrphanCollector;
import dev.tierpack.packer.upload.TierIndexObjects;
import dev.tierpack.packer.upload.TierRangeSource;
import dev.tierpack.packer.verify.PackFinding;
import dev.tierpack.packer.verify.TierAudit;
import dev.tierpack.packer.verify.VerifyLevel;
import dev.tierpack.packer.verify.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "packer", mixinStandardHelpOptions = true, description = "Pack files on the tiers: verify, inspect, rebuild the chunk index, collect orphans.",
        subcommands = {PackerCommand.Verify.class, PackerCommand.Inspect.class, PackerCommand.Reindex.class, PackerCommand.GcOrphans.class})
final class PackerCommand extends CommandGroup {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Checks the tiers against the pack index objects. Exit 1 naming each bad pack and chunk, " +
                    "and every catalogued store path that depends on them.",
                    "Warm packs are read only with --sample or --full (each once, sequentially); cold packs get " +
                    "index-level checks."})
    static final class Verify implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin MaintenanceTiers tiers;

        static final class Level {
            @Option(names = "--index-only", description = "index objects, pack existence and lengths (default)") boolean indexOnly;
            @Option(names = "--sample", paramLabel = "PCT", description = "also read PCT%% of the warm packs in full") Double sample;
            @Option(names = "--full", description = "read every warm pack: decompress every segment, hash every chunk") boolean full;
        }

        @ArgGroup(exclusive = true) Level level = new Level();

        @Option(names = "--concurrency", defaultValue = "4", description = "packs verified at once (default: ${DEFAULT-VALUE})")
        int concurrency;

        @Option(names = "--seed", defaultValue = "0", description = "seed of the --sample choice (default: ${DEFAULT-VALUE}: random)")
        long seed;

        @Mixin ReportJsonOption reportJson;

        @Option(names = "--restore-budget", paramLabel = "USD",
                description = "with --sample/--full: read restored cold packs in full too, and restore archived ones "
                        + "while this run's restore requests cost at most USD (they are read by a later run); "
                        + "costs go to the state dir's restore ledger")
        String restoreBudget;

        @Option(names = "--restore-tier", paramLabel = "bulk|standard|expedited", defaultValue = "bulk",
                description = "retrieval tier of restores verify requests (default: ${DEFAULT-VALUE})")
        String restoreTier;

        @Mixin RestoreOptions.Days days;

        @Mixin RestoreOptions.CampaignLedger campaignLedger;

        @Override
        public Integer call() throws Exception {
            VerifyLevel lvl = level.full ? VerifyLevel.FULL : level.sample != null ? VerifyLevel.SAMPLE : VerifyLevel.INDEX_ONLY;
            double pct = level.sample == null ? 0 : level.sample;
            if (pct < 0 || pct > 100) {
                throw new ConfigException("--sample must be within 0..100", "sample", pct);
            }
            VerifyReport report;
            List<AffectedStorePath> affected = List.of();
            Path ledgerConfig = ledgerFile();
            try (CommandTiers t = tiers.open(spec)) {
                TierAudit audit = new TierAudit(t.warm(), t.cold(), t.chunkIndex(),
                        new TierAudit.Options(lvl, pct, seed == 0 ? System.nanoTime() : seed, concurrency));
                dev.tierpack.packer.verify.ColdReads coldReads = null;
                RestoreBudget.Ledger ledger = null;
                if (restoreBudget != null) {
                    ledger = RestoreBudget.ledger(t.stateDir(), ledgerConfig, "verify");
                    coldReads = new dev.tierpack.packer.verify.ColdReads(t.cold(), ledger.prices(),
                            RestoreBudget.usd("--restore-budget", restoreBudget), RestoreBudget.tier("--restore-tier", restoreTier),
                            days.restoreDays, ledger.ledger()::record, java.time.Clock.systemUTC());
                    audit.withColdReads(coldReads);
                }
                try {
                    report = audit.run();
                } finally {
                    if (ledger != null) {
                        ledger.close();
                    }
                }
                if (coldReads != null) {
                    dev.tierpack.packer.verify.ColdReads.Summary cs = coldReads.summary();
                    spec.commandLine().getOut().printf("cold packs: %d read in full, %d restores requested (USD %s), "
                            + "%d restores in progress, %d not read (over the restore budget or not restorable)%n",
                            cs.read().size(), cs.restoreRequested().size(), cs.spentUsd().stripTrailingZeros().toPlainString(),
                            cs.inProgress().size(), cs.overBudget().size());
                }
                Path catalogHome = t.selection().catalogHome();
                Damage damage = damage(report);
                if (!damage.isEmpty() && Files.isDirectory(catalogHome)) {
                    try (Catalog catalog = Catalog.open(catalogHome)) {
                        affected = new AffectedStorePaths(catalog, t.chunkIndex(), t.readBack(catalog)).find(damage);
                    }
                }
            }
            print(spec.commandLine().getOut(), report);
            printAffected(spec.commandLine().getOut(), affected);
            if (reportJson.given()) {
                ObjectNode json = Reports.mapper().valueToTree(report);
                json.set("affectedStorePaths", Reports.mapper().valueToTree(affected));
                reportJson.write(json);
            }
            return report.ok() ? ExitCode.OK : ExitCode.PROBLEMS;
        }

        /** Where restore costs go: with --config, the campaign's ledger (--campaign-config is then refused). */
        private Path ledgerFile() {
            return tiers.settings(spec, "--campaign-config") != null ? tiers.config : campaignLedger.file;
        }

        /** The damaged packs of a report: whole packs, or the named chunks when verification named them. */
        static Damage damage(VerifyReport report) {
            Map<PackId, Set<ChunkId>> packs = new LinkedHashMap<>();
            for (PackFinding f : report.findings()) {
                if (!f.isDamage()) {
                    continue;
                }
                PackId id;
                try {
                    id = PackId.fromKey(f.object());
                } catch (FormatException e) {
                    continue; // not a pack or index object: nothing in the catalog depends on it
                }
                Set<ChunkId> chunks = new HashSet<>();
                f.chunks().forEach(h -> chunks.add(ChunkId.fromHex(h)));
                packs.merge(id, chunks, (a, b) -> a.isEmpty() || b.isEmpty() ? Set.of() : union(a, b));
            }
            return new Damage(packs);
        }

        private static Set<ChunkId> union(Set<ChunkId> a, Set<ChunkId> b) {
            Set<ChunkId> u = new HashSet<>(a);
            u.addAll(b);
            return u;
        }

        static void printAffected(PrintWriter out, List<AffectedStorePath> affected) {
            if (affected.isEmpty()) {
                return;
            }
            out.printf(Locale.ROOT, "affected store paths (%d):%n", affected.size());
            for (AffectedStorePath a : affected) {
                out.printf("  %s: %s (packs: %s%s)%n", a.storePath(), a.reason(), String.join(",", a.packs()),
                        a.chunks().isEmpty() ? "" : "; chunks: " + abbreviate(a.chunks()));
            }
        }

        static void print(PrintWriter out, VerifyReport r) {
            out.printf(Locale.ROOT, "verify %s: %,d index objects, %,d warm and %,d cold packs, %,d chunks indexed%n",
                    r.level(), r.indexObjects(), r.packsWarm(), r.packsCold(), r.chunksIndexed());
            if (r.packsRead() > 0) {
                out.printf(Locale.ROOT, "read %,d packs (%s) in %.1f s (%.0f MB/s), %,d chunks verified%n", r.packsRead(),
                        Reports.bytes(r.bytesRead()), r.durationSeconds(), r.megabytesPerSecond(), r.chunksVerified());
            }
            for (PackFinding f : r.findings()) {
                out.printf("%s %s: %s/%s: %s%s%n", f.isDamage() ? "BAD" : "note", f.kind(), f.tier(), f.object(), f.detail(),
                        f.chunks().isEmpty() ? "" : " (chunks: " + abbreviate(f.chunks()) + ")");
            }
            out.println(r.ok() ? "OK: no damage found" : "PROBLEMS found");
        }

        private static String abbreviate(List<String> chunks) {
            return chunks.size() <= 5 ? String.join(",", chunks) : String.join(",", chunks.subList(0, 5)) + ",... (" + chunks.size() + ")";
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Prints the header, segments, chunks and stats of one pack.")
    static final class Inspect implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin MaintenanceTiers tiers;

        @Parameters(paramLabel = "PACK", description = "pack id (32 hex digits) or key (packs/xx/ID.pack)") String pack;

        @Option(names = "--tier", defaultValue = "warm", description = "warm or cold (default: ${DEFAULT-VALUE})") String tier;

        @Option(names = "--chunks", defaultValue = "20", description = "chunks to list (default: ${DEFAULT-VALUE})") int chunks;

        @Override
        public Integer call() throws Exception {
            PackId id = pack.contains("/") ? PackId.fromKey(pack) : PackId.parse(pack);
            try (CommandTiers t = tiers.open(spec)) {
                Tier tierObj = switch (tier) {
                    case "warm" -> t.warm();
                    case "cold" -> t.cold();
                    default -> throw new ConfigException("--tier must be warm or cold", "tier", tier);
                };
                TierObject o = tierObj.stat(id.objectKey()).orElseThrow(() ->
                        new ConfigException("no such pack", "tier", tier, "pack", id.objectKey()));
                PackReader reader = new PackReader(new TierRangeSource(tierObj, o.key()), o.size(), o.key());
                spec.commandLine().getOut().print(PackInspector.inspect(reader, chunks));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "reindex", mixinStandardHelpOptions = true,
            description = "Rebuilds the local chunk index from the index objects on the warm tier alone (atomic swap).")
    static final class Reindex implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin MaintenanceTiers tiers;

        @Override
        public Integer call() throws Exception {
            List<String> rejected = new ArrayList<>();
            RebuildResult r;
            try (CommandTiers t = tiers.open(spec)) {
                Path home = t.chunkIndex().directory();
                t.chunkIndex().close();
                r = ChunkIndexRebuilder.rebuild(home, new TierIndexObjects(t.warm()),
                        bad -> rejected.add(bad.name() + ": " + bad.reason()));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "rebuilt chunk index from %,d index objects: %,d packs, %,d chunks, %s stored%n",
                    r.objects(), r.stats().packs(), r.stats().chunks(), Reports.bytes(r.stats().storedBytes()));
            rejected.forEach(line -> out.println("BAD index object " + line));
            return rejected.isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS;
        }
    }

    @Command(name = "gc-orphans", mixinStandardHelpOptions = true,
            description = {"Lists packs no index object refers to (left by interrupted writes); deletes them with --delete.",
                    "Packs younger than --min-age are never touched (a writer may be publishing them)."})
    static final class GcOrphans implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
        @Mixin MaintenanceTiers tiers;

        @Option(names = "--min-age", defaultValue = "PT6H", description = "ISO-8601 duration (default: ${DEFAULT-VALUE})") Duration minAge;

        @Option(names = "--delete", description = "delete the orphans (default: only list them)") boolean delete;

        @Override
        public Integer call() throws Exception {
            List<OrphanCollector.Orphan> orphans = new ArrayList<>();
            try (CommandTiers t = tiers.open(spec)) {
                Instant now = Instant.now();
                orphans.addAll(OrphanCollector.collect(t.warm(), t.warm(), minAge, delete, now));
                orphans.addAll(OrphanCollector.collect(t.warm(), t.cold(), minAge, delete, now));
            }
            PrintWriter out = spec.commandLine().getOut();
            orphans.forEach(o -> out.printf("%s orphan %s/%s (%s, written %s)%n", delete ? "deleted" : "found", o.tier(), o.key(),
                    Reports.bytes(o.size()), o.lastModified()));
            out.printf("%d orphan pack(s)%s%n", orphans.size(), delete || orphans.isEmpty() ? "" : "; rerun with --delete to remove them");
            return ExitCode.OK;
        }
    }
}
