package dev.tierpack.campaign.recovery;

import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.PublishResult;
import dev.tierpack.packer.pack.PackReader;
import dev.tierpack.packer.pack.PackTail;
import dev.tierpack.packer.upload.OrphanCollector;
import dev.tierpack.packer.upload.TierRangeSource;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after a crashed run, before a campaign starts writing (docs/FORMAT.md section 5, rule 10):
 *
 * <ol>
 *   <li><b>Reuse</b>: an index object whose pack the local chunk index has not published is the trace of a crash
 *       between writing the index object (step 3) and publishing the chunk index (step 4). If its pack exists with
 *       the indexed length and its footer and trailer read back equal to the index object's (for an archived pack,
 *       which cannot be read without a restore: the indexed length, its upload having been verified by Content-MD5
 *       and ETag before the index object was written), the pack is published
 *       now, so the redone work deduplicates against it instead of storing its chunks again. Otherwise it is
 *       reported and left alone ({@code packer verify} names it).
 *   <li><b>Orphans</b>: a pack without an index object (a crash between upload and index object) is deleted, with
 *       minimum age 0.
 * </ol>
 *
 * <p><b>Single-worker assumption.</b> Deleting orphans of any age is only safe when no other writer can be between
 * the upload and the index object of a pack right now: this runs at campaign start, and the runtime allows one
 * worker process per campaign and state directory (the chunk index and run lock are exclusive). Group workers
 * sharing the tiers ({@code campaign worker}) pass an age bound ({@link #run(Tier, Tier, ChunkIndex, Duration)}).
 *
 * <p>Cost: one LIST of the index objects (and one stat per index object the chunk index lacks), plus one LIST of
 * each tier's packs.
 */
public final class CampaignRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignRecovery.class);

    private CampaignRecovery() {}

    /**
     * What recovery did.
     *
     * @param reused    packs published from index objects the chunk index lacked
     * @param orphans   packs without index objects, deleted
     * @param problems  index objects that could not be reused, with the reason
     */
    public record Result(List<String> reused, List<OrphanCollector.Orphan> orphans, List<String> problems) {
        public Result {
            reused = List.copyOf(reused);
            orphans = List.copyOf(orphans);
            problems = List.copyOf(problems);
        }

        public boolean nothingToDo() {
            return reused.isEmpty() && orphans.isEmpty() && problems.isEmpty();
        }
    }

    /** @param cold the cold tier, or null */
    public static Result run(Tier warm, Tier cold, ChunkIndex chunkIndex) {
        return run(warm, cold, chunkIndex, Duration.ZERO);
    }

    /**
     * Recovery with an age bound on orphans: with several workers sharing the tiers ({@code campaign worker}),
     * a pack without an index object may be another worker's upload in flight, so only orphans older than
     * {@code minOrphanAge} (longer than any pack upload) are deleted; younger ones are left to
     * {@code packer gc-orphans} once no worker runs.
     *
     * @param cold the cold tier, or null
     */
    public static Result run(Tier warm, Tier cold, ChunkIndex chunkIndex, Duration minOrphanAge) {
        List<String> reused = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        publishMissing(warm, cold, chunkIndex, reused, problems);
        Instant now = Instant.now();
        List<OrphanCollector.Orphan> orphans = new ArrayList<>(OrphanCollector.collect(warm, warm, minOrphanAge, true, now));
        if (cold != null) {
            orphans.addAll(OrphanCollector.collect(warm, cold, minOrphanAge, true, now));
        }
        Result r = new Result(reused, orphans, problems);
        if (!r.nothingToDo()) {
            LOG.info("recovery: reused={} orphansDeleted={} problems={}", reused.size(), orphans.size(), problems.size());
        }
        for (OrphanCollector.Orphan o : orphans) {
            LOG.info("recovery: deleted orphan pack: tier={} key={} bytes={}", o.tier(), o.key(), o.size());
        }
        return r;
    }

    /**
     * Publishes into the chunk index every pack whose index object is on the warm tier but not in the chunk index
     * yet (checked against the pack as in recovery); deletes nothing. A worker calls it when it is assigned
     * partitions, so that it deduplicates against every pack any worker has published (the chunk index is a
     * per-worker cache of the warm tier's index objects).
     *
     * @return the index objects published
     */
    public static List<String> publishMissing(Tier warm, Tier cold, ChunkIndex chunkIndex) {
        List<String> reused = new ArrayList<>();
        publishMissing(warm, cold, chunkIndex, reused, new ArrayList<>());
        return reused;
    }

    private static void publishMissing(Tier warm, Tier cold, ChunkIndex chunkIndex, List<String> reused,
            List<String> problems) {
        for (Iterator<TierObject> it = warm.list("index/", null); it.hasNext(); ) {
            TierObject o = it.next();
            PackId id;
            try {
                id = PackId.fromKey(o.key());
            } catch (TierpackException e) {
                continue; // not an index object tierpack writes
            }
            if (chunkIndex.isPublished(id)) {
                continue;
            }
            try {
                String problem = reuse(warm, cold, chunkIndex, o.key());
                if (problem == null) {
                    reused.add(id.objectKey());
                } else {
                    problems.add(problem);
                    LOG.warn("recovery: index object not reused: {}", problem);
                }
            } catch (TierpackException | IOException e) {
                problems.add("index=" + o.key() + " " + e.getMessage());
                LOG.warn("recovery: index object not reused: index={} cause={}", o.key(), e.getMessage());
            }
        }
    }

    /** Publishes the pack of one unpublished index object; returns null on success, else what is wrong. */
    private static String reuse(Tier warm, Tier cold, ChunkIndex chunkIndex, String indexKey) throws IOException {
        byte[] bytes;
        try (InputStream in = warm.read(indexKey)) {
            bytes = in.readAllBytes();
        }
        PackIndexObject index = PackIndexObject.decode(bytes, indexKey);
        Tier tier = index.tier() == TierCode.COLD ? cold : warm;
        String packKey = index.packId().objectKey();
        if (tier == null) {
            return "index=" + indexKey + " names a cold pack but no cold tier is configured";
        }
        Optional<TierObject> stat = tier.stat(packKey);
        if (stat.isEmpty()) {
            return "index=" + indexKey + " pack=" + packKey + " pack missing";
        }
        if (stat.get().size() != index.packLength()) {
            return "index=" + indexKey + " pack=" + packKey + " length " + stat.get().size() + " != " + index.packLength();
        }
        if (tier.archival() || dev.tierpack.core.tier.RestoreStatus.archivedClass(stat.get().storageClass())) {
            // an archived pack cannot be read without a restore; its upload was verified by Content-MD5 and ETag
            // before its index object was written (FORMAT.md section 5), so the stored length is the check
            PublishResult published = chunkIndex.publish(index);
            LOG.info("recovery: reused archived pack written before a crash (length checked, not re-read): tier={} "
                    + "pack={} chunks={} newChunks={}", tier.name(), packKey, published.chunks(), published.newChunks());
            return null;
        }
        PackTail tail = new PackReader(new TierRangeSource(tier, packKey), index.packLength(), packKey).readFooterAndTrailer();
        if (!tail.footer().equals(index.footer()) || !tail.index().equals(index.body())) {
            return "index=" + indexKey + " pack=" + packKey + " footer or trailer differs from the index object";
        }
        PublishResult published = chunkIndex.publish(index);
        LOG.info("recovery: reused pack written before a crash: tier={} pack={} chunks={} newChunks={}", tier.name(),
                packKey, published.chunks(), published.newChunks());
        return null;
    }
}
