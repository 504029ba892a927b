package dev.tierpack.campaign.plan;

import dev.tierpack.campaign.config.PackingConfig;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.ingest.NarIngest;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.ingest.ChunkStaging;
import dev.tierpack.packer.ingest.Decomposer;
import dev.tierpack.packer.pack.PackWriter;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what the packer would store for a sample of store paths: each sampled NAR is read and
 * verified ({@link NarIngest}), decomposed and chunked ({@link Decomposer}), and its chunks not seen
 * before in the sample are written by a real {@link PackWriter} into a stream that discards them;
 * the packs' lengths are the stored bytes. Nothing is written anywhere but a temporary scratch
 * directory for chunk staging, deleted afterwards. Store paths that fail verification are counted
 * and left out.
 *
 * <p>A random sample shares less content than the whole cache (the versions of one package rarely
 * meet in it), so its ratio overstates what the full campaign stores.
 */
final class DedupSampler {
    private static final Logger log = LoggerFactory.getLogger(DedupSampler.class);
    private static final long STAGING_MEMORY = 64L << 20;

    private final BinaryCacheSource source;
    private final PackingConfig packing;

    DedupSampler(BinaryCacheSource source, PackingConfig packing) {
        this.source = source;
        this.packing = packing;
    }

    /** What the sample measured. */
    record Result(int storePaths, int failed, long narObjectBytes, long narSize, long storedBytes, long packs,
            long chunks, long storedChunks, long dedupChunks) {
        /** Stored bytes per byte of compressed NAR in the source. */
        double ratio() {
            return narObjectBytes == 0 ? 0 : (double) storedBytes / narObjectBytes;
        }
    }

    Result measure(List<String> narinfoKeys) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("tierpack-plan-sample-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return run(narinfoKeys, scratch);
        } finally {
            deleteTree(scratch);
        }
    }

    private Result run(List<String> narinfoKeys, Path scratch) {
        PackWriterConfig layout = packing.packWriter(TierCode.WARM);
        Decomposer decomposer = new Decomposer(packing.chunker());
        Set<ChunkId> stored = new HashSet<>();
        long[] packBytes = {0, 0}; // bytes, packs
        PackWriter[] writer = {null};
        int done = 0;
        int failed = 0;
        long narObject = 0;
        long narSize = 0;
        long chunks = 0;
        long dedup = 0;
        try (decomposer) {
            for (String key : narinfoKeys) {
                try {
                    NarInfo info;
                    try (InputStream in = source.open(key)) {
                        info = NarInfoParser.standard().parse(in, key);
                    }
                    long objectSize = info.fileSize().isPresent() ? info.fileSize().getAsLong()
                            : source.head(info.url()).map(SourceObject::size).orElse(0L);
                    try (ChunkStaging staging = new ChunkStaging(STAGING_MEMORY, scratch)) {
                        Decomposer.Result r = new NarIngest(source).read(info, key,
                                reader -> decomposer.decompose(reader, stored::contains, staging, layout.storesIncompressible()));
                        staging.replay((id, buf, off, len, compressible) -> {
                            stored.add(id);
                            if (writer[0] == null) {
                                writer[0] = PackWriter.start(OutputStream.nullOutputStream(), layout);
                            }
                            if (compressible) {
                                writer[0].add(id, buf, off, len);
                            } else {
                                writer[0].addIncompressible(id, buf, off, len);
                            }
                            if (writer[0].isFull()) {
                                packBytes[0] += writer[0].finish().packLength();
                                packBytes[1]++;
                                writer[0] = null;
                            }
                        });
                        chunks += r.stats().chunks();
                        dedup += r.stats().dedupChunks();
                    }
                    narObject += objectSize;
                    narSize += info.narSize();
                    done++;
                } catch (TierpackException e) {
                    failed++;
                    log.warn("sampled store path skipped: narinfo={} reason={}", key, e.getMessage());
                }
            }
            if (writer[0] != null) {
                packBytes[0] += writer[0].finish().packLength();
                packBytes[1]++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(done, failed, narObject, narSize, packBytes[0], packBytes[1], chunks, stored.size(), dedup);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot delete scratch directory {}: {}", dir, e.toString());
        }
    }
}
