package dev.tierpack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.campaign.records.ProgressEvent;
import dev.tierpack.cli.CliRun;
import dev.tierpack.core.gen.GeneratedCache;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.packer.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole campaign over a generated cache of about a thousand store paths (a file:// source) with one corrupt NAR
 * and one corrupt narinfo, on real embedded Kafka and S3, through the command line: every store path published
 * exactly once, the corrupt ones quarantined, packs verified in full, store paths reassembled to their NarHash, and
 * a second run that finds nothing left to do.
 */
class CampaignEndToEndTest {
    @TempDir Path tmp;



    @Test
    void aCampaignMigratesEveryStorePathOnceAndQuarantinesTheCorruptOnes() throws Exception {
        CampaignTestbed bed = CampaignTestbed.shared();
        GeneratedCache generated = bed.generated();
        Path cache = tmp.resolve("cache");
        CampaignTestbed.copyTree(bed.cache(), cache);
        List<Path> narinfos = CampaignTestbed.narinfos(cache);
        assertThat(narinfos.size()).isEqualTo(generated.storePaths()).isGreaterThan(800);
        // damage one NAR (a flipped byte near the end) and one narinfo (not a narinfo at all)
        Path badNarInfo = narinfos.get(10);
        NarInfo victim = NarInfo.parse(Files.readString(badNarInfo), badNarInfo.getFileName().toString());
        Path nar = cache.resolve(victim.url());
        byte[] bytes = Files.readAllBytes(nar);
        bytes[bytes.length - 30] ^= 1;
        Files.write(nar, bytes);
        Path garbled = narinfos.getLast(); // on the last listing page: quarantined after the last batch
        Files.writeString(garbled, "StorePath: not a store path\n");
        List<Path> good = new ArrayList<>(narinfos);
        good.remove(badNarInfo);
        good.remove(garbled);
        long sourceObjects;
        long sourceBytes;
        try (Stream<Path> s = Files.walk(cache)) {
            List<Path> files = s.filter(Files::isRegularFile).toList();
            sourceObjects = files.size();
            sourceBytes = files.stream().mapToLong(p -> p.toFile().length()).sum();
        }
        long goodNarBytes = 0;
        for (Path p : good) {
            goodNarBytes += NarInfo.parse(Files.readString(p), p.getFileName().toString()).narSize();
        }

        Path state = tmp.resolve("state");
        Path report = tmp.resolve("report.json");
        List<String> args = new ArrayList<>(List.of("campaign", "run", "--state-dir", state.toString(),
                "--source", cache.toUri().toString(), "--name", "e2e", "--batch-size", "100", "--pack-size", "1m",
                "--list-page-size", "250", "--max-batch-age", "2s", "--quiet", "--report-json", report.toString()));
        args.addAll(bed.serviceArgs("e2e"));
        CliRun first = CliRun.run(args.toArray(String[]::new));
        assertThat(first.status()).as(first.out() + first.err()).isEqualTo(1); // complete, with quarantined paths
        assertThat(first.out()).contains("campaign e2e: complete");

        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("state").asText()).isEqualTo("complete");
        assertThat(r.get("sourceObjects").asLong()).isEqualTo(sourceObjects);
        assertThat(r.get("sourceBytes").asLong()).isEqualTo(sourceBytes);
        assertThat(r.get("narinfos").asLong()).isEqualTo(narinfos.size());
        assertThat(r.get("storePaths").asLong()).isEqualTo(good.size());
        assertThat(r.get("quarantined").asLong()).isEqualTo(2);
        assertThat(r.get("narBytes").asLong()).isEqualTo(goodNarBytes);
        assertThat(r.get("storedBytes").get("warm").asLong()).isPositive();
        assertThat(r.get("storedBytes").get("cold").asLong()).isZero();
        long warmObjects = r.get("objectsWritten").get("warm").asLong();
        assertThat(warmObjects).isEven().isPositive(); // packs and their index objects
        assertThat(warmObjects / 2).as("data and manifest packs")
                .isEqualTo(r.get("run").get("packs").asLong() + r.get("run").get("manifestPacks").asLong());
        assertThat(r.get("run").get("manifestPacks").asLong()).as("one manifest pack per batch at most").isPositive()
                .isLessThanOrEqualTo(r.get("run").get("batches").asLong());
        assertThat(r.get("run").get("storePaths").asLong()).isEqualTo(good.size());
        assertThat(r.get("durationSeconds").asDouble()).isPositive();

        List<ProgressEvent> events = bed.progressEvents("e2e");
        Map<String, Integer> published = CampaignTestbed.publishedCounts(events);
        assertThat(published).hasSize(good.size()).allSatisfy((hash, n) -> assertThat(n).as(hash).isEqualTo(1));
        Map<String, String> quarantined = events.stream().filter(e -> e.kind() == ProgressEvent.Kind.QUARANTINED)
                .collect(Collectors.toMap(ProgressEvent::narinfoKey, ProgressEvent::reason));
        assertThat(quarantined).containsOnlyKeys(badNarInfo.getFileName().toString(), garbled.getFileName().toString());
        assertThat(quarantined.get(badNarInfo.getFileName().toString())).contains(victim.url());
        assertThat(quarantined.get(garbled.getFileName().toString())).contains("corrupt narinfo");

        VerifyReport verify = bed.verifyFull("e2e", state);
        assertThat(verify.findings()).isEmpty();
        assertThat(verify.packsRead()).isEqualTo(warmObjects / 2);
        bed.assertMigrated("e2e", cache, state, good, 40);
        bed.assertCatalogued("e2e", state, good);

        // a second run: nothing left to do, nothing written, nothing counted twice
        CliRun second = CliRun.run(args.toArray(String[]::new));
        assertThat(second.status()).as(second.out() + second.err()).isEqualTo(1);
        JsonNode r2 = new ObjectMapper().readTree(report.toFile());
        assertThat(r2.get("storePaths").asLong()).isEqualTo(good.size());
        assertThat(r2.get("quarantined").asLong()).isEqualTo(2);
        assertThat(r2.get("objectsWritten").get("warm").asLong()).isEqualTo(warmObjects);
        assertThat(r2.get("run").get("storePaths").asLong()).isZero();
        assertThat(CampaignTestbed.publishedCounts(bed.progressEvents("e2e"))).isEqualTo(published);

        CliRun status = CliRun.run("campaign", "status", "--state-dir", state.toString(), "--name", "e2e",
                "--kafka-bootstrap", bed.bootstrap());
        assertThat(status.status()).as(status.err()).isZero();
        assertThat(status.out()).contains("no run active", "listing: complete",
                String.format("published: %,d store paths", good.size()), "quarantined: 2", "work not yet committed: 0");
    }
}
