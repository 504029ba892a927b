package dev.tierpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.CampaignTestbed;
import dev.tierpack.packer.format.PackId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The maintenance commands on a campaign's real tiers: a campaign file whose warm tier is a MinIO-type and whose cold
 * tier an S3-type bucket of an S3 server the test starts ({@link CampaignTestbed}'s embedded S3 used as an external
 * server, buckets unlike the embedded defaults), then {@code packer verify --full}, {@code packer gc-orphans} and
 * {@code retire plan} with {@code --config} on those buckets; the embedded S3 of the state dir is never started.
 */
class MaintenanceOnCampaignTiersTest {
    private static final Pattern VERIFY = Pattern.compile("verify FULL: [0-9,]+ index objects, ([0-9,]+) warm and ([0-9,]+) cold packs");

    @TempDir Path tmp;

    @Test
    void verifyGcOrphansAndRetirePlanWorkOnTheCampaignFilesTiers() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        Path cache = tmp.resolve("cache");
        CampaignTestbed.generate(cache, 23, 12, 2, 0.02);
        String name = "maint-cfg";
        String warmBucket = name + "-warm";
        String coldBucket = name + "-cold";
        Path state = tmp.resolve("state");
        Path config = bed.campaignFile(tmp.resolve(name + ".yaml"), name, cache, state, bed.s3.endpoint(),
                "budget: { monthlyCapUsd: 1000 }",
                "packing: { packSize: 1MiB, segmentSize: 256KiB }");
        CliRun campaign = CliRun.run("campaign", "run", "--config", config.toString(), "--batch-size", "30", "--max-batch-age", "200ms",
                "--quiet");
        assertThat(campaign.status()).as(campaign.out() + campaign.err()).isZero();

        S3Client s3 = bed.s3.client();
        List<String> warmPacks = packs(s3, warmBucket);
        assertThat(warmPacks).isNotEmpty();

        CliRun verify = CliRun.run("packer", "verify", "--full", "--config", config.toString());
        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
        Matcher m = VERIFY.matcher(verify.out());
        assertThat(m.find()).as(verify.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1).replace(",", ""))).isEqualTo(warmPacks.size());
        assertThat(Integer.parseInt(m.group(2).replace(",", ""))).isEqualTo(packs(s3, coldBucket).size());
        assertThat(verify.out()).contains("OK: no damage found");
        assertThat(state.resolve("s3")).as("the embedded S3 of the state dir is not used").doesNotExist();

        // without the campaign file: the same tiers as --warm/--cold URIs (the read-back commands' forms)
        Path awsCredentials = bed.awsCredentialsFile(tmp.resolve("aws-credentials"));
        CliRun byUri = CliRun.run("packer", "verify", "--index-only", "--state-dir", state.toString(),
                "--warm", bed.warmUri(name),
                "--cold", "s3://" + coldBucket + "?endpoint=" + bed.s3.endpoint() + "&region=us-east-1&path-style=true"
                        + "&credentials-file=" + awsCredentials);
        assertThat(byUri.status()).as(byUri.out() + byUri.err()).isZero();
        assertThat(byUri.out()).contains(" " + warmPacks.size() + " warm and ").contains("OK: no damage found");
        assertThat(state.resolve("s3")).doesNotExist();

        // options the campaign file sets are refused with it
        CliRun conflict = CliRun.run("packer", "verify", "--config", config.toString(), "--warm", "embedded:tierpack-warm");
        assertThat(conflict.status()).isNotZero();
        assertThat(conflict.err()).contains("option not allowed with --config", "--warm");

        // an orphan pack in the campaign's warm bucket: found, then deleted
        String orphan = PackId.generate().objectKey();
        s3.putObject(b -> b.bucket(warmBucket).key(orphan), RequestBody.fromBytes(new byte[] {1, 2, 3}));
        CliRun found = CliRun.run("packer", "gc-orphans", "--config", config.toString(), "--min-age", "PT0S");
        assertThat(found.status()).as(found.out() + found.err()).isZero();
        assertThat(found.out()).contains("found orphan warm/" + orphan, "1 orphan pack(s)");
        CliRun deleted = CliRun.run("packer", "gc-orphans", "--config", config.toString(), "--min-age", "PT0S", "--delete");
        assertThat(deleted.out()).contains("deleted orphan warm/" + orphan);
        assertThat(packs(s3, warmBucket)).containsExactlyInAnyOrderElementsOf(warmPacks);

        // retire plan: verifies the campaign's tiers and plans from the campaign's source
        Path plan = tmp.resolve("plan.csv");
        CliRun retire = CliRun.run("retire", "plan", "--config", config.toString(), "--output", plan.toString());
        assertThat(retire.status()).as(retire.out() + retire.err()).isZero();
        List<String> lines = Files.readAllLines(plan);
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(Path.of(l)).startsWith(cache).exists());
        assertThat(retire.out()).contains("plan: " + lines.size() + " objects");

        // reindex rebuilds the campaign's chunk index from its warm bucket; inspect reads a pack of it
        int coldPacks = packs(s3, coldBucket).size();
        CliRun reindex = CliRun.run("packer", "reindex", "--config", config.toString());
        assertThat(reindex.status()).as(reindex.out() + reindex.err()).isZero();
        assertThat(reindex.out()).contains(": " + (warmPacks.size() + coldPacks) + " packs, ");
        String victim = warmPacks.get(warmPacks.size() / 2);
        CliRun inspect = CliRun.run("packer", "inspect", victim, "--config", config.toString());
        assertThat(inspect.status()).as(inspect.out() + inspect.err()).isZero();
        assertThat(inspect.out()).isNotBlank();

        // one corrupted byte in one warm pack: exit 1 naming that pack
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(warmBucket).key(victim)).asByteArray();
        bytes[bytes.length / 2] ^= 0x5a;
        s3.putObject(b -> b.bucket(warmBucket).key(victim), RequestBody.fromBytes(bytes));
        CliRun bad = CliRun.run("packer", "verify", "--full", "--config", config.toString());
        assertThat(bad.status()).as(bad.out() + bad.err()).isEqualTo(1);
        assertThat(bad.out()).contains("BAD ").contains("warm/" + victim).contains("PROBLEMS found");
    }

    private static List<String> packs(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("packs/")).contents().stream().map(S3Object::key)
                .filter(k -> k.endsWith(".pack")).toList();
    }
}
