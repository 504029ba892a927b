package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.StateDir;
import dev.tierpack.manifests.catalog.Catalog;
import dev.tierpack.manifests.catalog.CatalogRebuilder;
import dev.tierpack.manifests.catalog.CatalogStats;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "manifests", mixinStandardHelpOptions = true, description = "The catalog of migrated store paths.",
        subcommands = {ManifestsCommand.Reindex.class, ManifestsCommand.Stats.class})
final class ManifestsCommand extends CommandGroup {

    @Command(name = "reindex", mixinStandardHelpOptions = true,
            description = {"Rebuilds the catalog and the chunk index under STATE_DIR from the warm tier alone (its pack "
                    + "index objects and manifest packs), replacing both atomically: a read-back server needs nothing "
                    + "else.", "Bad objects are reported and skipped (exit status 1)."})
    static final class Reindex implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Mixin ReadBackOptions options;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            CatalogRebuilder.Result r;
            TierSelection selection = options.selection().warmOnly();
            try (CommandTiers tiers = CommandTiers.open(selection)) {
                r = CatalogRebuilder.rebuild(tiers.warm(), selection.catalogHome(), selection.chunkIndexHome(),
                        bad -> out.println("rejected: " + bad.name() + ": " + bad.reason()));
            }
            out.printf("index objects: %d (%d rejected); manifest packs: %d; manifests: %d (%d rejected)%n",
                    r.chunkIndex().objects(), r.chunkIndex().rejected(), r.manifestPacks(), r.manifests(), r.rejected());
            print(out, r.stats());
            out.printf("chunk index: %d packs, %d chunks%n", r.chunkIndex().stats().packs(), r.chunkIndex().stats().chunks());
            return r.rejected() + r.chunkIndex().rejected() == 0 ? ExitCode.OK : ExitCode.PROBLEMS;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Prints the catalog's totals.")
    static final class Stats implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Mixin StateDirOption state;

        @Override
        public Integer call() {
            try (Catalog catalog = Catalog.open(new StateDir(state.stateDir).catalog())) {
                print(spec.commandLine().getOut(), catalog.stats());
            }
            return ExitCode.OK;
        }
    }

    static void print(java.io.PrintWriter out, CatalogStats s) {
        out.printf("catalog: %d store paths (%d warm, %d cold), %s of NARs, %d manifest packs%n", s.storePaths(),
                s.warmPaths(), s.coldPaths(), Reports.bytes(s.narBytes()), s.manifestPacks());
    }
}
