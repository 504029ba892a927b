package dev.tierpack.campaign.records;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.source.KeyKind;
import java.util.Objects;

/**
 * What happened to one store path: the value of a record on the compacted topic {@code tierpack.<campaign>.progress},
 * keyed by the store path's hash part, so that compaction keeps the latest event per store path.
 *
 * <p>{@link Kind#PUBLISHED} is committed in the same Kafka transaction as the consumer offsets of the work records
 * it answers, and only after every chunk of the store path is in a published pack (docs/FORMAT.md section 5).
 * {@link Kind#QUARANTINED} means the source data is corrupt or missing; nothing of it entered a pack.
 *
 * @param kind        published or quarantined
 * @param hashPart    the store path's hash part (the record key)
 * @param storePath   the full store path, or null when a narinfo was too broken to name one
 * @param narinfoKey  the narinfo's key in the source
 * @param narSize     uncompressed NAR size (0 if unknown)
 * @param fileSize    compressed NAR size read from the source (-1 if unknown)
 * @param chunks      chunk references of the store path (published only)
 * @param newChunks   chunks this store path added to packs (the others deduplicated)
 * @param newBytes    raw bytes of those new chunks
 * @param reason      why it was quarantined (empty when published)
 * @param atMillis    when the event was produced (Unix epoch ms)
 */
public record ProgressEvent(Kind kind, String hashPart, String storePath, String narinfoKey, long narSize, long fileSize,
        long chunks, long newChunks, long newBytes, String reason, long atMillis) {

    /** What happened. */
    public enum Kind {
        PUBLISHED, QUARANTINED
    }

    public ProgressEvent {
        Objects.requireNonNull(kind, "kind");
        if (hashPart == null || hashPart.length() != KeyKind.HASH_PART_LENGTH || !KeyKind.isNix32(hashPart)) {
            throw new FormatException("progress event has an invalid hash part", "hash", hashPart);
        }
        if (narinfoKey == null || narinfoKey.isEmpty()) {
            throw new FormatException("progress event lacks the narinfo key", "hash", hashPart);
        }
        reason = reason == null ? "" : reason;
        if (kind == Kind.PUBLISHED && (storePath == null || !reason.isEmpty())) {
            throw new FormatException("published progress event needs a store path and no reason", "hash", hashPart);
        }
        if (kind == Kind.QUARANTINED && reason.isEmpty()) {
            throw new FormatException("quarantine event needs a reason", "hash", hashPart);
        }
        if (narSize < 0 || fileSize < -1 || chunks < 0 || newChunks < 0 || newBytes < 0) {
            throw new FormatException("progress event has a negative count", "hash", hashPart);
        }
    }

    public static ProgressEvent published(String hashPart, String storePath, String narinfoKey, long narSize, long fileSize,
            long chunks, long newChunks, long newBytes, long atMillis) {
        return new ProgressEvent(Kind.PUBLISHED, hashPart, storePath, narinfoKey, narSize, fileSize, chunks, newChunks,
                newBytes, "", atMillis);
    }

    public static ProgressEvent quarantined(String hashPart, String storePath, String narinfoKey, long narSize,
            String reason, long atMillis) {
        return new ProgressEvent(Kind.QUARANTINED, hashPart, storePath, narinfoKey, narSize, -1, 0, 0, 0, reason, atMillis);
    }
}
