package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.BudgetHook;
import dev.tierpack.campaign.runtime.CampaignReport;
import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.campaign.runtime.DemoCache;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.core.audit.AuditReport;
import dev.tierpack.core.audit.SourceAudit;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.gen.GeneratorSpec;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.nix.SignatureVerifier;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.BinaryCacheSources;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.core.tier.TierSpec;
import dev.tierpack.manifests.read.ReadBackCheck;
import dev.tierpack.packer.verify.TierAudit;
import dev.tierpack.packer.verify.VerifyLevel;
import dev.tierpack.packer.verify.VerifyReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Zero-setup end-to-end run: starts the embedded S3 server and Kafka broker, puts a generated, " +
                "signed sample binary cache into the source bucket (first run only), and runs the migration steps " +
                "that exist so far against it (an audit, a campaign, a full verification), printing what each " +
                "did.")
final class DemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static final String SOURCE_BUCKET = "nix-cache";

    @Mixin StateDirOption state;

    @Option(names = "--packages", defaultValue = "24", description = "packages in the generated cache (default: ${DEFAULT-VALUE})")
    int packages;

    @Option(names = "--bumps", defaultValue = "6", description = "channel bumps (default: ${DEFAULT-VALUE}); mass rebuilds at bumps 3 and 5")
    int bumps;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Path stateDir = state.stateDir.toAbsolutePath().normalize();
        step("starting embedded services under " + stateDir);
        try (EmbeddedServices services = EmbeddedServices.start(stateDir)) {
            EmbeddedS3 s3 = services.s3();
            say("S3 endpoint %s (S3Proxy, filesystem backend), Kafka %s (KRaft)", s3.endpoint(), services.kafka().bootstrapServers());

            SecretKey key = DemoCache.signingKey(stateDir.resolve("keys"));
            GeneratorSpec spec = DemoCache.spec(packages, bumps, key.name());
            if (DemoCache.isEmpty(s3, SOURCE_BUCKET)) {
                step("generating a sample binary cache into s3://" + SOURCE_BUCKET
                        + " (" + packages + " packages, " + bumps + " channel bumps, mass rebuilds at " + spec.massRebuilds() + ")");
            }
            Optional<GeneratedCache> generated = DemoCache.ensure(s3, SOURCE_BUCKET, stateDir, packages, bumps);
            if (generated.isPresent()) {
                GeneratedCache cache = generated.get();
                say("%d store paths, %d objects, %s of NARs stored as %s of .nar.xz; channel bumps in %s",
                        cache.storePaths(), cache.objects(), Reports.bytes(cache.narBytes()), Reports.bytes(cache.narXzBytes()),
                        stateDir.resolve("channels"));
            } else {
                step("source bucket s3://" + SOURCE_BUCKET + " already holds the sample cache (delete " + stateDir + " to start over)");
            }

            SourceUri uri = DemoCache.sourceUri(s3, SOURCE_BUCKET);
            step("auditing the source the way the migration reads it: " + uri.describe());
            Path quarantine = stateDir.resolve("quarantine.jsonl");
            AuditReport report;
            try (BinaryCacheSource source = BinaryCacheSources.open(uri); QuarantineLog log = QuarantineLog.open(quarantine)) {
                report = new SourceAudit(source, new SourceAudit.Options(new SignatureVerifier(List.of(key.publicKey())),
                        true, Math.max(2, Runtime.getRuntime().availableProcessors()), stateDir.resolve("tmp")), log::append).run();
            }
            out().print(Reports.auditSummary(report, quarantine));
            Reports.writeJson(report, stateDir.resolve("audit-report.json"));

            step("migrating as a campaign: Camel lister and worker routes, progress in Kafka; every NAR decomposed, chunked (FastCDC), deduplicated, compressed (zstd) and packed");
            TierCredentials creds = new TierCredentials.KeyFile(s3.dataDir().resolve("credentials.properties"));
            RuntimeSettings settings = RuntimeSettings.defaults("demo", new RuntimeSettings.SourceChoice.Uri(uri), stateDir)
                    .withKafka(services.kafka().bootstrapServers())
                    .withTiers(new RuntimeSettings.TierChoice.Spec(new TierSpec.S3("warm", LocalTiers.WARM_BUCKET, null,
                                    "us-east-1", s3.endpoint(), null, creds)),
                            new RuntimeSettings.TierChoice.Spec(new TierSpec.S3("cold", LocalTiers.COLD_BUCKET, null,
                                    "us-east-1", s3.endpoint(), "DEEP_ARCHIVE", creds)));
            s3.createBucketIfMissing(LocalTiers.WARM_BUCKET);
            s3.createBucketIfMissing(LocalTiers.COLD_BUCKET);
            CampaignReport m;
            try (CampaignRuntime campaign = CampaignRuntime.open(settings, BudgetHook.NONE)) {
                m = campaign.run().report();
            }
            CampaignReport.Run run = m.run();
            say("campaign %s: %s; %d store paths published (%s of NAR), %d quarantined", m.campaign(), m.state(),
                    m.storePaths(), Reports.bytes(m.narBytes()), m.quarantined());
            say("this run: %d batch(es), %,d chunk references, %,d new chunks (%s), %d pack(s) sealed", run.batches(),
                    run.chunks(), run.newChunks(), Reports.bytes(run.newBytes()), run.packs());
            long warmBytes = m.storedBytes().getOrDefault("warm", 0L);
            say("the warm tier holds %d objects (packs + index objects) = %s, %.1f%% of the source's %s",
                    m.objectsWritten().getOrDefault("warm", 0L), Reports.bytes(warmBytes),
                    100.0 * warmBytes / Math.max(1, m.sourceBytes()), Reports.bytes(m.sourceBytes()));
            say("%d objects on the tier for %d source objects: requests scale with packs, not objects",
                    m.objectsWritten().getOrDefault("warm", 0L), m.sourceObjects());
            VerifyReport verify;
            try (CommandTiers tiers = CommandTiers.open(TierSelection.of(settings), CommandTiers.Local.CHUNK_INDEX)) {
                step("verifying every pack: packer verify --full");
                verify = new TierAudit(tiers.warm(), tiers.cold(), tiers.chunkIndex(),
                        new TierAudit.Options(VerifyLevel.FULL, 100, 1, 4)).run();
            }
            PackerCommand.Verify.print(out(), verify);

            step("reading every store path back from its manifest: NAR reassembled from the packs, NarHash checked");
            ReadBackCheck readBack;
            try (CommandTiers tiers = CommandTiers.open(TierSelection.of(settings), CommandTiers.Local.CHUNK_INDEX,
                    CommandTiers.Local.CATALOG)) {
                readBack = ReadBackCheck.run(tiers.readBack(), tiers.catalog());
            }
            say("%d store paths in the catalog; %d reassembled to their NarHash (%s of NAR from %,d range GETs)%s",
                    readBack.catalogued(), readBack.verified(), Reports.bytes(readBack.narBytes()), readBack.requests(),
                    readBack.failures().isEmpty() ? "" : "; FAILED: " + String.join(", ", readBack.failures()));

            step(String.format(java.util.Locale.ROOT, "done in %.1f s", (System.nanoTime() - t0) / 1e9));
            out().println();
            out().println("Next steps:");
            out().println("  bin/tierpack serve --state-dir " + state.stateDir + " --listen 127.0.0.1:8080   # a Nix binary cache: nix copy --from http://127.0.0.1:8080 ...");
            out().println("  bin/tierpack nar --state-dir " + state.stateDir + " STORE_PATH > x.nar   # one store path, reassembled");
            out().println("  bin/tierpack campaign run --state-dir " + state.stateDir + "          # resume/extend the demo campaign (crash-safe, Kafka progress)");
            out().println("  bin/tierpack campaign status --state-dir " + state.stateDir + "       # progress from Kafka, whether or not a run is active");
            out().println("  bin/tierpack packer verify --full --state-dir " + state.stateDir + "   # re-check every pack");
            out().println("  bin/tierpack packer inspect --state-dir " + state.stateDir + " PACK_ID        # look inside one pack");
            out().println("  bin/tierpack services --state-dir " + state.stateDir + "      # keep S3 and Kafka running to look around");
            out().println("  bin/tierpack source audit --source file:///path/to/a/cache --trusted-key-file KEYS");
            out().println("  public key of the sample cache: " + stateDir.resolve("keys/demo.public"));
            out().println("  audit report: " + stateDir.resolve("audit-report.json"));
            return report.clean() && verify.ok() && m.quarantined() == 0 && readBack.ok()
                    && readBack.catalogued() == m.storePaths() ? ExitCode.OK : ExitCode.PROBLEMS;
        }
    }

    private void step(String s) {
        out().println("==> " + s);
    }

    private void say(String fmt, Object... args) {
        out().println("    " + String.format(java.util.Locale.ROOT, fmt, args));
    }
}
