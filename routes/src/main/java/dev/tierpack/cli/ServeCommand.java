package dev.tierpack.cli;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.manifests.serve.CacheServer;
import dev.tierpack.manifests.serve.NarEncoding;
import dev.tierpack.manifests.serve.ServeConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves the migrated store paths to Nix clients over the binary-cache HTTP protocol until "
                + "interrupted: /nix-cache-info, /<hash>.narinfo (rewritten to point at tierpack's NARs, signatures "
                + "unchanged), /nar/<hash>.nar.zst|.nar|.nar.xz (reassembled and compressed on the fly), the legacy "
                + "/nar/<FileHash>.nar.xz URLs of the original narinfos, and /<hash>.ls listings.",
                "Cold store paths answer 404 with X-Tierpack-Restore: required (no --cold), archived or in-progress; "
                        + "once their packs are restored they are served; with --restore-on-miss a request starts the "
                        + "restore and is answered 503 with Retry-After (X-Tierpack-Restore: in-progress, or refused "
                        + "when the restore cap does not allow it).",
                "Use it as a substituter: nix copy --from http://HOST:PORT ..."})
final class ServeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ReadBackOptions options;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "address to listen on (default: ${DEFAULT-VALUE}); port 0 picks a free one")
    String listen;

    @Option(names = "--compression", paramLabel = "zstd|none", defaultValue = "zstd",
            description = "compression the narinfos announce (default: ${DEFAULT-VALUE})")
    String compression;

    @Option(names = "--original-narinfo",
            description = "serve narinfos exactly as migrated, so clients fetch the legacy nar/<FileHash>.nar.xz URLs")
    boolean originalNarInfo;

    @Option(names = "--zstd-level", defaultValue = "1", description = "zstd level (default: ${DEFAULT-VALUE})")
    int zstdLevel;

    @Option(names = "--xz-preset", defaultValue = "0", description = "xz preset for legacy URLs (default: ${DEFAULT-VALUE})")
    int xzPreset;

    @Option(names = "--max-nar-streams", defaultValue = "16",
            description = "NARs streamed at once; more wait, then get 503 (default: ${DEFAULT-VALUE})")
    int maxNarStreams;

    @Option(names = "--restore-on-miss",
            description = "with --cold: a request for a cold store path starts a restore of the packs it needs (within "
                    + "--restore-cap) and is answered 503 with Retry-After until they are readable")
    boolean restoreOnMiss;

    @Option(names = "--restore-tier", paramLabel = "bulk|standard|expedited", defaultValue = "bulk",
            description = "retrieval tier of restores on miss (default: ${DEFAULT-VALUE})")
    String restoreTier;

    @Mixin RestoreOptions.Days days;

    @Mixin RestoreOptions.Cap restoreCap;

    @Mixin RestoreOptions.CampaignLedger campaignLedger;

    @Override
    public Integer call() throws Exception {
        NarEncoding encoding = switch (compression) {
            case "zstd" -> NarEncoding.ZSTD;
            case "none" -> NarEncoding.NONE;
            default -> throw new ConfigException("--compression must be zstd or none", "compression", compression);
        };
        ServeConfig config;
        try {
            config = ServeConfig.defaults().withEncoding(encoding).withOriginalNarInfo(originalNarInfo)
                    .withLevels(zstdLevel, xzPreset).withMaxNarStreams(maxNarStreams);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid serve option", "reason", e.getMessage());
        }
        InetSocketAddress address = address(listen);
        if (restoreOnMiss) {
            options.selection().requireCold("--restore-on-miss");
        }
        dev.tierpack.core.cost.RestoreTier tier = RestoreBudget.tier("--restore-tier", restoreTier);
        try (CommandTiers session = options.open();
                RestoreBudget.Ledger ledger = session.cold() == null ? null
                        : RestoreBudget.ledger(session.stateDir(), campaignLedger.file, "serve");
                CacheServer server = CacheServer.start(address, session.readBack(), config, session.cold() == null
                        ? null : new dev.tierpack.manifests.serve.ColdServing(RestoreBudget.restorer(session,
                                ledger, restoreCap.usd, java.time.Clock.systemUTC()), restoreOnMiss, tier,
                                days.restoreDays))) {
            spec.commandLine().getOut().println("serving " + server.uri() + " (" + session.catalog().stats().storePaths()
                    + " store paths; Ctrl-C to stop)");
            spec.commandLine().getOut().flush();
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(stop::countDown);
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: the hook ran
                }
            }
        }
        return ExitCode.OK;
    }

    static InetSocketAddress address(String hostPort) {
        return dev.tierpack.campaign.config.HostPort.parse(hostPort, "--listen");
    }
}
