package dev.tierpack.manifests.serve;

import dev.tierpack.core.nix.NixCacheInfo;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link CacheServer} answers.
 *
 * @param encoding       encoding the rewritten narinfos announce ({@link NarEncoding#ZSTD} or {@link NarEncoding#NONE})
 * @param originalNarInfo serve narinfos exactly as migrated (URL, Compression, FileHash, FileSize of the source), so
 *                       that clients fetch the legacy {@code nar/<FileHash>.nar.xz} URLs; for clients and tests that
 *                       must exercise those URLs
 * @param zstdLevel      zstd level of on-the-fly compression (default 1: about twice as fast as level 3 for 9% more
 *                       bytes on the corpus; the server compresses every byte it sends, while the client's decoding
 *                       speed hardly depends on the level)
 * @param xzPreset       xz preset of on-the-fly compression for legacy URLs (low: speed matters, Nix checks only
 *                       the NarHash of what it decompresses)
 * @param maxNarStreams  NARs streamed at once; each holds at most the reassembly memory bound (see
 *                       {@link dev.tierpack.manifests.read.ReassemblyConfig}) plus one encoder
 * @param slotWait       how long a NAR request waits for a stream slot before a 503 with Retry-After
 * @param cacheInfo      the {@code nix-cache-info} served
 */
public record ServeConfig(NarEncoding encoding, boolean originalNarInfo, int zstdLevel, int xzPreset, int maxNarStreams,
        Duration slotWait, NixCacheInfo cacheInfo) {
    public ServeConfig {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(slotWait, "slotWait");
        Objects.requireNonNull(cacheInfo, "cacheInfo");
        if (encoding == NarEncoding.XZ) {
            throw new IllegalArgumentException("xz is only for legacy URLs; announce zstd or none");
        }
        if (zstdLevel < 1 || zstdLevel > 19) {
            throw new IllegalArgumentException("zstd level must be 1..19: " + zstdLevel);
        }
        if (xzPreset < 0 || xzPreset > 9) {
            throw new IllegalArgumentException("xz preset must be 0..9: " + xzPreset);
        }
        if (maxNarStreams < 1) {
            throw new IllegalArgumentException("maxNarStreams must be positive: " + maxNarStreams);
        }
    }

    /** zstd level 1, xz preset 0, 16 NAR streams, 30 s slot wait, {@code StoreDir: /nix/store}, priority 40. */
    public static ServeConfig defaults() {
        return new ServeConfig(NarEncoding.ZSTD, false, 1, 0, 16, Duration.ofSeconds(30),
                new NixCacheInfo(java.util.Optional.of("/nix/store"), java.util.Optional.of(true),
                        java.util.OptionalInt.of(40), java.util.List.of()));
    }

    public ServeConfig withEncoding(NarEncoding e) {
        return new ServeConfig(e, originalNarInfo, zstdLevel, xzPreset, maxNarStreams, slotWait, cacheInfo);
    }

    public ServeConfig withOriginalNarInfo(boolean original) {
        return new ServeConfig(encoding, original, zstdLevel, xzPreset, maxNarStreams, slotWait, cacheInfo);
    }

    public ServeConfig withMaxNarStreams(int n) {
        return new ServeConfig(encoding, originalNarInfo, zstdLevel, xzPreset, n, slotWait, cacheInfo);
    }

    public ServeConfig withSlotWait(Duration wait) {
        return new ServeConfig(encoding, originalNarInfo, zstdLevel, xzPreset, maxNarStreams, wait, cacheInfo);
    }

    public ServeConfig withLevels(int zstd, int xz) {
        return new ServeConfig(encoding, originalNarInfo, zstd, xz, maxNarStreams, slotWait, cacheInfo);
    }
}
