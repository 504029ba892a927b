package dev.tierpack.campaign.placement;

import dev.tierpack.core.placement.RestoreEstimate;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Why a migrated store path is where it is ({@code tierpack explain}).
 *
 * @param storePath     the full store path
 * @param tier          its placement in the catalog: {@code warm} or {@code cold}
 * @param rule          the placement rule that decided ({@code CHANNEL}, {@code FIXED_OUTPUT}, …), or
 *                      {@code UNKNOWN} without the campaign's placement store
 * @param reason        the decision in words
 * @param narSize       the NAR's size in bytes
 * @param packs         the data packs its chunks are read from
 * @param warmBytes     bytes of its chunks (raw) read from warm packs
 * @param coldBytes     bytes of its chunks (raw) read from cold packs
 * @param coldPackBytes total size of the cold packs it needs (what a restore brings back)
 * @param restore       cost and time of restoring those cold packs, per retrieval tier; empty if none is needed
 */
public record Explanation(String storePath, String tier, String rule, String reason, long narSize, List<PackUse> packs,
        long warmBytes, long coldBytes, long coldPackBytes, String coldStorageClass, List<RestoreOption> restore) {
    public Explanation {
        Objects.requireNonNull(storePath, "storePath");
        packs = List.copyOf(packs);
        restore = List.copyOf(restore);
    }

    /**
     * One pack a store path needs.
     *
     * @param pack       pack id (hex)
     * @param tier       {@code warm} or {@code cold}
     * @param packLength the pack's size
     * @param chunks     distinct chunks of the store path in it
     * @param bytes      raw bytes of those chunks
     */
    public record PackUse(String pack, String tier, long packLength, int chunks, long bytes) {}

    /**
     * Restoring the cold packs with one retrieval tier.
     *
     * @param retrieval     {@code EXPEDITED}, {@code STANDARD} or {@code BULK}
     * @param costUsd       restore requests and retrieval per GB, from the price table
     * @param within        documented completion bound, ISO-8601 ({@code PT12H})
     * @param withinMinutes the same in minutes
     */
    public record RestoreOption(String retrieval, BigDecimal costUsd, String within, long withinMinutes) {
        public static RestoreOption of(RestoreEstimate e) {
            return new RestoreOption(e.tier().name(), e.costUsd(), e.within().toString(), e.within().toMinutes());
        }
    }
}
