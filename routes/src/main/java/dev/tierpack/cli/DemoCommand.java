package dev.tierpack.cli;

import dev.tierpack.core.audit.AuditReport;
import dev.tierpack.core.audit.SourceAudit;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.gen.CacheGenerator;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.gen.GeneratorSpec;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.nix.SignatureVerifier;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.BinaryCacheSources;
import dev.tierpack.core.source.SourceCredentials;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.packer.verify.TierAudit;
import dev.tierpack.packer.verify.VerifyLevel;
import dev.tierpack.packer.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Zero-setup end-to-end run: starts the embedded S3 server and Kafka broker, puts a generated,",
                "signed sample binary cache into the source bucket (first run only), and runs the migration",
                "steps that exist so far against it, printing what each did."})
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

            SecretKey key = signingKey(stateDir.resolve("keys"));
            s3.createBucketIfMissing(SOURCE_BUCKET);
            S3Client client = s3.client();
            boolean empty = client.listObjectsV2(b -> b.bucket(SOURCE_BUCKET).maxKeys(1)).keyCount() == 0;
            if (empty) {
                GeneratorSpec spec = new GeneratorSpec(42, packages, bumps, massRebuilds(bumps), 0.4, 1.0, key.name());
                step("generating a sample binary cache into s3://" + SOURCE_BUCKET
                        + " (" + packages + " packages, " + bumps + " channel bumps, mass rebuilds at " + spec.massRebuilds() + ")");
                GeneratedCache cache = new CacheGenerator(spec, key).generate((k, bytes) ->
                        client.putObject(b -> b.bucket(SOURCE_BUCKET).key(k), RequestBody.fromBytes(bytes)));
                writeChannels(stateDir.resolve("channels"), cache.bumps());
                say("%d store paths, %d objects, %s of NARs stored as %s of .nar.xz; channel bumps in %s",
                        cache.storePaths(), cache.objects(), Reports.bytes(cache.narBytes()), Reports.bytes(cache.narXzBytes()),
                        stateDir.resolve("channels"));
            } else {
                step("source bucket s3://" + SOURCE_BUCKET + " already holds the sample cache (delete " + stateDir + " to start over)");
            }

            SourceUri uri = SourceUri.S3.of(SOURCE_BUCKET, "").withEndpoint(s3.endpoint())
                    .withCredentials(new SourceCredentials.Static(s3.credentials()));
            step("auditing the source the way the migration reads it: " + uri.describe());
            Path quarantine = stateDir.resolve("quarantine.jsonl");
            AuditReport report;
            try (BinaryCacheSource source = BinaryCacheSources.open(uri); QuarantineLog log = QuarantineLog.open(quarantine)) {
                report = new SourceAudit(source, new SourceAudit.Options(new SignatureVerifier(List.of(key.publicKey())),
                        true, Math.max(2, Runtime.getRuntime().availableProcessors()), stateDir.resolve("tmp")), log::append).run();
            }
            out().print(Reports.auditSummary(report, quarantine));
            Reports.writeJson(report, stateDir.resolve("audit-report.json"));

            step("migrating into the warm tier: decompose every NAR, chunk each file (FastCDC), deduplicate, compress segments (zstd), write packs");
            VerifyReport verify;
            try (LocalTiers tiers = LocalTiers.open(s3, stateDir); BinaryCacheSource source = BinaryCacheSources.open(uri)) {
                DemoMigration.Result m = new DemoMigration(source, tiers, stateDir.resolve("work")).run();
                say("%d store paths packed (%s of NAR): %,d chunk references, %,d new chunks (%s), %,d deduplicated (%s)",
                        m.storePaths(), Reports.bytes(m.narBytes()), m.chunks(), m.newChunks(), Reports.bytes(m.newBytes()),
                        m.dedupChunks(), Reports.bytes(m.dedupBytes()));
                say("this run sealed %d pack(s); the warm tier holds %d objects (packs + index objects) = %s, %.1f%% of the source's %s of .nar.xz",
                        m.packs(), m.objectsWritten(), Reports.bytes(m.storedBytes()), 100.0 * m.storedBytes() / Math.max(1, m.narXzBytes()),
                        Reports.bytes(m.narXzBytes()));
                say("%d objects on the tier for %d source objects: requests scale with packs, not objects", m.objectsWritten(), report.sourceObjects());
                if (m.quarantined() > 0) {
                    say("%d store paths quarantined (see %s)", m.quarantined(), quarantine);
                }
                step("verifying every pack: packer verify --full");
                verify = new TierAudit(tiers.warm(), tiers.cold(), tiers.chunkIndex(),
                        new TierAudit.Options(VerifyLevel.FULL, 100, 1, 4)).run();
            }
            PackerCommand.Verify.print(out(), verify);

            step(String.format(java.util.Locale.ROOT, "done in %.1f s", (System.nanoTime() - t0) / 1e9));
            out().println();
            out().println("Next steps:");
            out().println("  bin/tierpack services --state-dir " + state.stateDir + "      # keep S3 and Kafka running to look around");
            out().println("  bin/tierpack source audit --source file:///path/to/a/cache --trusted-key-file KEYS");
            out().println("  public key of the sample cache: " + stateDir.resolve("keys/demo.public"));
            out().println("  audit report: " + stateDir.resolve("audit-report.json"));
            return report.clean() && verify.ok() ? ExitCode.OK : ExitCode.PROBLEMS;
        }
    }

    private static Set<Integer> massRebuilds(int bumps) {
        return Set.of(3, 5).stream().filter(b -> b <= bumps).collect(java.util.stream.Collectors.toSet());
    }

    /** The demo cache's signing key, created once (secret file mode 0600) and reused. */
    private static SecretKey signingKey(Path dir) throws java.io.IOException {
        Path secret = dir.resolve("demo.secret");
        Files.createDirectories(dir);
        if (!Files.exists(secret)) {
            SecretKey key = SecretKey.generate("demo.tierpack.dev-1");
            Path tmp = Files.createTempFile(dir, "secret", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, key.toNixString());
            Files.move(tmp, secret, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir.resolve("demo.public"), key.publicKey() + "\n");
        }
        return SecretKey.parse(Files.readString(secret).strip());
    }

    private static void writeChannels(Path dir, List<List<String>> bumps) throws java.io.IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < bumps.size(); i++) {
            Files.write(dir.resolve("bump" + (i + 1) + ".txt"), bumps.get(i));
        }
    }

    private void step(String s) {
        out().println("==> " + s);
    }

    private void say(String fmt, Object... args) {
        out().println("    " + String.format(java.util.Locale.ROOT, fmt, args));
    }
}
