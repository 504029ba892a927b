package dev.tierpack.cli;

import dev.tierpack.campaign.placement.CampaignPlacement;
import dev.tierpack.campaign.placement.Explanation;
import dev.tierpack.campaign.placement.PlacementExplainer;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.placement.PlacementStore;
import dev.tierpack.core.placement.PlacementStoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains where a migrated store path lives and why: tier, the placement rule that decided, "
                + "the packs (warm/cold) its chunks are read from, bytes, and for cold data the cost and time of a "
                + "restore per retrieval tier.",
                "Reads only local state (catalog, chunk index, the campaign's placement store) and the warm manifest."})
final class ExplainCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ReadBackOptions options;

    @Mixin StorePathParameter path;

    @Option(names = "--name", defaultValue = "demo", paramLabel = "NAME",
            description = "campaign whose placement decided (default: ${DEFAULT-VALUE})")
    String campaign;

    @Option(names = "--cold-class", defaultValue = "DEEP_ARCHIVE", paramLabel = "CLASS",
            description = "storage class of the cold tier, for restore prices and times (default: ${DEFAULT-VALUE})")
    String coldClass;

    @Option(names = "--json", description = "print the explanation as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StorageClass cls = StorageClass.parse(coldClass);
        Path placementDir = CampaignPlacement.storeDir(options.state.stateDir.resolve("campaigns").resolve(campaign));
        try (CommandTiers session = options.open(); PlacementStore placement = openPlacement(placementDir)) {
            PlacementExplainer explainer = new PlacementExplainer(session.readBack(), session.chunkIndex(), placement,
                    PriceTable.defaults(), cls);
            Optional<Explanation> e = explainer.explain(path.storePath);
            if (e.isEmpty()) {
                spec.commandLine().getErr().println("tierpack: not in the catalog: " + path.storePath);
                return ExitCode.PROBLEMS;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Reports.mapper().writeValueAsString(e.get()));
            } else {
                print(e.get(), out);
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** The campaign's placement store, or null (with a note) if it has none or it is in use by a running campaign. */
    private PlacementStore openPlacement(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try {
            return PlacementStore.open(dir);
        } catch (PlacementStoreException e) {
            spec.commandLine().getErr().println("tierpack: placement rule unavailable: " + e.getMessage());
            return null;
        }
    }

    static void print(Explanation e, PrintWriter out) {
        out.printf("%s%n  tier: %s%n  rule: %s (%s)%n  NAR: %s%n", e.storePath(), e.tier(), e.rule(), e.reason(),
                Reports.bytes(e.narSize()));
        out.printf("  chunks: %s from warm packs, %s from cold packs%n", Reports.bytes(e.warmBytes()),
                Reports.bytes(e.coldBytes()));
        for (Explanation.PackUse p : e.packs()) {
            out.printf("  pack %s  %-4s  %s, %d chunks (%s) of this path%n", p.pack(), p.tier(),
                    Reports.bytes(p.packLength()), p.chunks(), Reports.bytes(p.bytes()));
        }
        if (e.restore().isEmpty()) {
            out.println("  restore: not needed");
        } else {
            out.printf("  restore of %s of cold packs (%s):%n", Reports.bytes(e.coldPackBytes()), e.coldStorageClass());
            for (Explanation.RestoreOption r : e.restore()) {
                out.printf("    %-9s $%s, within %s%n", r.retrieval(), r.costUsd().toPlainString(), r.within());
            }
        }
    }
}
