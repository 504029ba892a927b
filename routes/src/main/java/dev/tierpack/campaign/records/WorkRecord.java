package dev.tierpack.campaign.records;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.StorePath;
import java.util.Objects;

/**
 * One store path to migrate: the value of a record on {@code tierpack.<campaign>.work}, keyed by
 * {@link #partitionKey()} (the package name, so that every version of a package lands in one partition and
 * deduplicates against its siblings in one worker). The narinfo text travels in the record so the worker does
 * not fetch it again; the NAR is fetched by the worker.
 *
 * @param storePath    the full store path (from the narinfo's {@code StorePath})
 * @param narinfoKey   the narinfo's key in the source, {@code <hash>.narinfo}
 * @param narinfoSize  the narinfo object's size as listed
 * @param narinfo      the narinfo text as read (UTF-8)
 * @param listingKey   {@code <hash>.ls} if the source has a file listing for this store path, else null
 * @param narKey       the NAR's key (the narinfo's {@code URL})
 * @param fileSize     the NAR object's size ({@code FileSize}), or -1 if the narinfo does not say
 * @param narSize      the uncompressed NAR size ({@code NarSize})
 */
public record WorkRecord(String storePath, String narinfoKey, long narinfoSize, String narinfo, String listingKey,
        String narKey, long fileSize, long narSize) {

    public WorkRecord {
        requireText(storePath, "storePath");
        requireText(narinfoKey, "narinfoKey");
        requireText(narinfo, "narinfo");
        requireText(narKey, "narKey");
        if (narinfoSize < 0 || fileSize < -1 || narSize < 1) {
            throw new FormatException("work record has an invalid size", "narinfo", narinfoKey,
                    "narinfoSize", narinfoSize, "fileSize", fileSize, "narSize", narSize);
        }
        if (listingKey != null && listingKey.isEmpty()) {
            throw new FormatException("work record has an empty listing key", "narinfo", narinfoKey);
        }
        StorePath.parse(storePath); // valid store path or FormatException
    }

    /** The record for a parsed narinfo. */
    public static WorkRecord of(NarInfo info, String narinfoKey, long narinfoSize, String narinfoText, String listingKey) {
        Objects.requireNonNull(info, "info");
        return new WorkRecord(info.storePath().toString(), narinfoKey, narinfoSize, narinfoText, listingKey, info.url(),
                info.fileSize().orElse(-1), info.narSize());
    }

    public StorePath parsedStorePath() {
        return StorePath.parse(storePath);
    }

    /** The Kafka key: the package name (store path name without hash and version). */
    public String partitionKey() {
        return parsedStorePath().packageName();
    }

    /** The store path's hash part, the key of its progress events. */
    public String hashPart() {
        return parsedStorePath().hashPart();
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new FormatException("work record lacks a field", "field", what);
        }
    }
}
