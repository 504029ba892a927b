package dev.tierpack.manifests.read;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nar.NarEntry;
import dev.tierpack.core.nar.NarWriter;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.packer.chunk.ChunkHasher;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.ingest.ChunkRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the NAR of a store path from its manifest: the entries are written with {@link NarWriter} and each regular
 * file's contents come from its chunks, fetched with coalescing range GETs and decoded ahead of the writer by a
 * {@link SegmentPipeline} (see there for the fetch plan, and {@link ReassemblyConfig} for the memory bound).
 *
 * <p>Integrity: every segment's CRC32C is checked before decoding, zstd checks its frame checksum, and the NAR is
 * checked against NarSize and NarHash as it streams; its last byte is released only once the NarHash matched, so a
 * reader never receives a complete NAR that is wrong. A failure aborts the stream with a {@link TierpackException}
 * naming the store path ({@link IntegrityException} for a mismatch, {@link RestoreRequiredException} for cold data)
 * and is logged. Thread-safe: each call streams independently.
 */
public final class NarReassembler {
    private static final Logger LOG = LoggerFactory.getLogger(NarReassembler.class);

    private final ChunkIndex index;
    private final ChunkTiers tiers;
    private final ReassemblyConfig config;
    private final SegmentCache cache;

    /** A reassembler whose streams share one {@link SegmentCache} of {@link ReassemblyConfig#segmentCacheBytes()}. */
    public NarReassembler(ChunkIndex index, ChunkTiers tiers, ReassemblyConfig config) {
        this.index = Objects.requireNonNull(index, "index");
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.config = Objects.requireNonNull(config, "config");
        this.cache = new SegmentCache(config.segmentCacheBytes());
    }

    /** The decoded-segment cache shared by this reassembler's streams. */
    public SegmentCache cache() {
        return cache;
    }

    /** Writes the NAR of {@code manifest} to {@code out} (flushed, not closed); returns this stream's counters. */
    public ReassemblyStats write(Manifest manifest, OutputStream out) throws IOException {
        ReassemblyStats stats = new ReassemblyStats();
        write(manifest, out, stats);
        return stats;
    }

    /** Writes the NAR of {@code manifest} to {@code out}, adding to {@code stats} as it goes. */
    public void write(Manifest manifest, OutputStream out, ReassemblyStats stats) throws IOException {
        String storePath = manifest.storePath().toString();
        VerifyingOutputStream verified = new VerifyingOutputStream(out, manifest.narHash(), manifest.narSize(),
                manifest.storePath());
        try (SegmentPipeline pipeline = new SegmentPipeline(SegmentPipeline.flatten(manifest.layout().files()), index,
                tiers, config, cache, stats, storePath)) {
            pipeline.start();
            NarWriter writer = new NarWriter(verified);
            Iterator<List<ChunkRef>> files = manifest.layout().files().iterator();
            for (NarEntry e : manifest.layout().entries()) {
                if (e instanceof NarEntry.RegularFile f) {
                    writer.write(f, new FileContents(files.next(), pipeline, stats, config.verifyChunks()));
                } else {
                    writer.write(e);
                }
            }
            writer.finish();
            verified.finish();
            stats.nar(verified.count());
        } catch (TierpackException e) {
            e.with("storePath", storePath);
            if (e instanceof RestoreRequiredException) {
                LOG.info("NAR needs a restore: storePath={} reason={}", storePath, e.getMessage());
            } else {
                LOG.error("NAR reassembly failed: storePath={} reason={}", storePath, e.getMessage());
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.warn("NAR reassembly aborted: storePath={} cause={}", storePath, e.toString());
            throw e;
        }
    }

    /** One regular file's contents: its chunks, read from the pipeline in order. */
    private static final class FileContents extends InputStream {
        private final Iterator<ChunkRef> refs;
        private final SegmentPipeline pipeline;
        private final ReassemblyStats stats;
        private final boolean verify;
        private byte[] raw;
        private int pos;
        private int end;

        FileContents(List<ChunkRef> refs, SegmentPipeline pipeline, ReassemblyStats stats, boolean verify) {
            this.refs = refs.iterator();
            this.pipeline = pipeline;
            this.stats = stats;
            this.verify = verify;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (raw == null || pos == end) {
                if (!refs.hasNext()) {
                    return -1;
                }
                ChunkRef ref = refs.next();
                SegmentPipeline.Slice s = pipeline.next(ref);
                raw = pipeline.raw();
                pos = s.offset();
                end = s.offset() + s.length();
                stats.chunk();
                if (verify) {
                    ChunkHasher.forCurrentThread().verify(ref.id(), raw, pos, s.length());
                }
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(raw, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
