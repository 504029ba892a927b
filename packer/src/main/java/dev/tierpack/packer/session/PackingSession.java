package dev.tierpack.packer.session;

import dev.tierpack.core.ingest.NarIngest;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.ingest.ChunkStaging;
import dev.tierpack.packer.ingest.Decomposer;
import dev.tierpack.packer.pack.PackResult;
import dev.tierpack.packer.pack.PackWriter;
import dev.tierpack.packer.upload.PackPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns verified store paths into published packs. For each store path: stream and verify its NAR while
 * decomposing and chunking it ({@link NarIngest}, {@link Decomposer}); new chunks are staged and enter the open
 * pack only after the NAR verified, so a corrupt object contributes nothing to any pack. When the open pack is
 * full (or on {@link #flush}) it is sealed and published ({@link PackPublisher}).
 *
 * <p>Store paths become <em>durable</em> — safe to publish manifests and progress for — only when every pack
 * holding a chunk they need is published. {@link #drainDurable} hands them out in ingestion order, so a caller
 * committing progress offsets never skips an unfinished path. Single-threaded.
 */
public final class PackingSession implements AutoCloseable {
    private final Tier warm;
    private final ChunkIndex chunkIndex;
    private final PackerConfig config;
    private final PackPublisher publisher;
    private final Decomposer decomposer;
    private final ChunkStaging staging;
    private final Set<ChunkId> pending = new HashSet<>();
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private final List<PackPublisher.Published> published = new ArrayList<>();

    private record Waiting(IngestedPath path, long pack) {}

    private Upload upload;
    private PackWriter writer;
    private long openPack = 1; // sequence number of the pack currently being filled
    private long lastPublished = 0;

    public PackingSession(Tier warm, ChunkIndex chunkIndex, PackerConfig config) {
        this.warm = warm;
        this.chunkIndex = chunkIndex;
        this.config = config;
        this.publisher = new PackPublisher(warm, chunkIndex);
        this.decomposer = new Decomposer(config.chunker());
        this.staging = new ChunkStaging(config.stagingMemory(), config.workDir());
    }

    /**
     * Verifies and decomposes one store path and moves its new chunks into the open pack (sealing and publishing
     * packs as they fill). On a corrupt NAR this throws (FormatException/IntegrityException naming the object and
     * store path) and nothing of the store path was packed.
     */
    public void ingest(NarInfo info, String narinfoKey, BinaryCacheSource source) throws IOException {
        Files.createDirectories(config.workDir());
        staging.reset();
        try {
            Decomposer.Result result = new NarIngest(source).read(info, narinfoKey,
                    reader -> decomposer.decompose(reader, this::known, staging));
            staging.replay(this::addToPack);
            waiting.add(new Waiting(new IngestedPath(info, narinfoKey, result.layout(), result.stats()), openPack));
        } finally {
            staging.reset();
        }
    }

    /** Seals and publishes the open pack, if it holds anything; every ingested store path becomes durable. */
    public void flush() throws IOException {
        if (writer != null) {
            seal();
        } else {
            lastPublished = openPack; // nothing pending: every waiting path is durable
        }
        openPack++;
    }

    /** Store paths whose chunks are all durable, in ingestion order; each is returned once. */
    public List<IngestedPath> drainDurable() {
        List<IngestedPath> out = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peekFirst().pack() <= lastPublished) {
            out.add(waiting.pollFirst().path());
        }
        return out;
    }

    /** Packs published so far by this session. */
    public List<PackPublisher.Published> published() {
        return List.copyOf(published);
    }

    private boolean known(ChunkId id) {
        return pending.contains(id) || chunkIndex.contains(id);
    }

    private void addToPack(ChunkId id, byte[] buf, int off, int len) throws IOException {
        if (!pending.add(id)) {
            return;
        }
        if (writer == null) {
            PackId packId = PackId.generate();
            upload = warm.upload(packId.objectKey());
            writer = PackWriter.start(upload.stream(), config.warm(), packId, System.currentTimeMillis());
        }
        writer.add(id, buf, off, len);
        if (writer.isFull()) {
            seal();
            openPack++;
        }
    }

    private void seal() throws IOException {
        PackResult result = writer.finish();
        Upload u = upload;
        writer = null;
        upload = null;
        try (u) {
            u.stream().close();
            published.add(publisher.publish(warm, u, result));
        }
        pending.clear();
        lastPublished = openPack;
    }

    /** Abandons an unpublished open pack (its upload is aborted; nothing becomes visible). */
    @Override
    public void close() {
        staging.close();
        if (upload != null) {
            upload.abort();
            upload.close();
            upload = null;
            writer = null;
        }
    }
}
