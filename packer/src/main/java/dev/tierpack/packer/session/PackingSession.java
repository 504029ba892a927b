package dev.tierpack.packer.session;

import dev.tierpack.core.ingest.NarIngest;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.format.TierCode;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.index.ChunkLocation;
import dev.tierpack.packer.ingest.ChunkStaging;
import dev.tierpack.packer.ingest.Decomposer;
import dev.tierpack.packer.pack.PackBuffers;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.upload.PackInFlight;
import dev.tierpack.packer.upload.PackPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns verified store paths into published packs. For each store path: stream and verify its NAR while
 * decomposing and chunking it ({@link NarIngest}, {@link Decomposer}); new chunks are staged and enter an open
 * pack only after the NAR verified, so a corrupt object contributes nothing to any pack. When an open pack is
 * full (or on {@link #flush}) it is sealed and published ({@link PackPublisher}); index objects always go to the
 * warm tier.
 *
 * <p><b>Placement</b> (docs/FORMAT.md "Placement"): there is one open warm pack and one open cold pack. A store path
 * placed {@link TierCode#WARM warm} needs every chunk in a warm pack: a chunk already published in a cold pack (or
 * waiting in the open cold pack) is written again into the warm pack, and the chunk index then prefers the warm
 * location. A store path placed {@link TierCode#COLD cold} reuses any chunk already stored (warm or cold; dedup warm
 * wins) and writes its new chunks into the cold pack. So a cold pack holds only chunks no warm path needs.
 *
 * <p>Store paths become <em>durable</em> — safe to publish manifests and progress for — only when every pack
 * holding a chunk they need is published. {@link #drainDurable} hands them out in ingestion order, so a caller
 * committing progress offsets never skips an unfinished path. Single-threaded.
 */
public final class PackingSession implements AutoCloseable {
    private final ChunkIndex chunkIndex;
    private final PackerConfig config;
    private final PackPublisher publisher;
    private final PackingWorkspace workspace;
    private final boolean ownsWorkspace;
    private final Decomposer decomposer;
    private final ChunkStaging staging;
    private final OpenPack warmPack;
    private final OpenPack coldPack;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private final List<PackPublisher.Published> published = new ArrayList<>();
    private TierCode placing = TierCode.WARM;

    /** A store path and the sequence numbers of the packs it waits for (0: none of that tier). */
    private record Waiting(IngestedPath path, long warmPack, long coldPack) {}

    /** One tier's open pack: the chunks it holds so far and the sequence numbers of packs filled and published. */
    private final class OpenPack {
        final Tier tier;
        final PackWriterConfig layout;
        final Set<ChunkId> pending = new HashSet<>();
        final PackBuffers buffers; // reused by this tier's successive packs (and sessions, with a shared workspace)
        PackInFlight pack;
        long seq = 1; // sequence number of the pack currently being filled
        long lastPublished;

        OpenPack(Tier tier, PackWriterConfig layout, PackBuffers buffers) {
            this.tier = tier;
            this.layout = layout;
            this.buffers = buffers;
        }

        void add(ChunkId id, byte[] buf, int off, int len, boolean compressible) throws IOException {
            if (!pending.add(id)) {
                return;
            }
            if (pack == null) {
                pack = PackInFlight.start(tier, layout, buffers);
            }
            if (compressible) {
                pack.writer().add(id, buf, off, len);
            } else {
                pack.writer().addIncompressible(id, buf, off, len);
            }
            if (pack.writer().isFull()) {
                seal();
                seq++;
            }
        }

        void flush() throws IOException {
            if (pack != null) {
                seal();
            } else {
                lastPublished = seq; // nothing pending: every path waiting for this tier is durable
            }
            seq++;
        }

        private void seal() throws IOException {
            PackInFlight p = pack;
            pack = null;
            published.add(p.seal(publisher));
            pending.clear();
            lastPublished = seq;
        }

        void abandon() {
            if (pack != null) {
                pack.abort();
                pack = null;
            }
        }
    }

    /** A session that places every store path warm. */
    public PackingSession(Tier warm, ChunkIndex chunkIndex, PackerConfig config) {
        this(warm, null, chunkIndex, config);
    }

    /**
     * A session with working memory of its own, released by {@link #close()}.
     *
     * @param cold the cold tier, or null if nothing is placed cold in this session
     */
    public PackingSession(Tier warm, Tier cold, ChunkIndex chunkIndex, PackerConfig config) {
        this(warm, cold, chunkIndex, new PackingWorkspace(config), true);
    }

    /**
     * A session working in {@code workspace} (packed as its {@link PackingWorkspace#config()} says), which it keeps
     * until {@link #close()} and then leaves to the next session of the same thread, buffers intact.
     *
     * @param cold the cold tier, or null if nothing is placed cold in this session
     */
    public PackingSession(Tier warm, Tier cold, ChunkIndex chunkIndex, PackingWorkspace workspace) {
        this(warm, cold, chunkIndex, workspace, false);
    }

    private PackingSession(Tier warm, Tier cold, ChunkIndex chunkIndex, PackingWorkspace workspace, boolean owns) {
        Objects.requireNonNull(warm, "warm");
        this.chunkIndex = chunkIndex;
        this.config = workspace.config();
        this.workspace = workspace;
        this.ownsWorkspace = owns;
        this.publisher = new PackPublisher(warm, chunkIndex);
        this.decomposer = workspace.decomposer();
        this.staging = workspace.staging();
        this.warmPack = new OpenPack(warm, config.warm(), workspace.warmBuffers());
        this.coldPack = cold == null ? null : new OpenPack(cold, config.cold(), workspace.coldBuffers());
        workspace.acquire(); // last: a constructor that throws leaves the workspace free
    }

    /** Ingests a store path placed warm; see {@link #ingest(NarInfo, String, BinaryCacheSource, TierCode)}. */
    public void ingest(NarInfo info, String narinfoKey, BinaryCacheSource source) throws IOException {
        ingest(info, narinfoKey, source, TierCode.WARM);
    }

    /**
     * Verifies and decomposes one store path and moves its new chunks into the open pack of {@code placement}'s tier
     * (sealing and publishing packs as they fill). On a corrupt NAR this throws (FormatException/IntegrityException
     * naming the object and store path) and nothing of the store path was packed.
     */
    public void ingest(NarInfo info, String narinfoKey, BinaryCacheSource source, TierCode placement) throws IOException {
        Objects.requireNonNull(placement, "placement");
        if (placement == TierCode.COLD && coldPack == null) {
            throw new IllegalStateException("this packing session has no cold tier: storePath=" + info.storePath());
        }
        Files.createDirectories(config.workDir());
        staging.reset();
        placing = placement;
        try {
            OpenPack target = placement == TierCode.WARM ? warmPack : coldPack;
            boolean judge = target.layout.storesIncompressible(); // probing for a layout that ignores it is waste
            Decomposer.Result result = new NarIngest(source).read(info, narinfoKey,
                    reader -> decomposer.decompose(reader, this::known, staging, judge));
            staging.replay(target::add);
            long waitWarm = warmPack.seq;
            long waitCold = placement == TierCode.COLD ? coldPack.seq : 0;
            waiting.add(new Waiting(new IngestedPath(info, narinfoKey, result.layout(), result.stats(), placement),
                    waitWarm, waitCold));
        } finally {
            staging.reset();
        }
    }

    /** Seals and publishes the open packs, if they hold anything; every ingested store path becomes durable. */
    public void flush() throws IOException {
        warmPack.flush();
        if (coldPack != null) {
            coldPack.flush();
        }
    }

    /** Store paths whose chunks are all durable, in ingestion order; each is returned once. */
    public List<IngestedPath> drainDurable() {
        List<IngestedPath> out = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peekFirst().warmPack() <= warmPack.lastPublished
                && (coldPack == null || waiting.peekFirst().coldPack() <= coldPack.lastPublished)) {
            out.add(waiting.pollFirst().path());
        }
        return out;
    }

    /** Packs published so far by this session. */
    public List<PackPublisher.Published> published() {
        return List.copyOf(published);
    }

    /**
     * Whether the store path being ingested can reuse chunk {@code id}: a warm path only from a warm pack, a cold
     * path from any pack.
     */
    private boolean known(ChunkId id) {
        if (warmPack.pending.contains(id)) {
            return true;
        }
        if (placing == TierCode.WARM) {
            Optional<ChunkLocation> at = chunkIndex.find(id);
            return at.isPresent() && at.get().tier() == TierCode.WARM;
        }
        return coldPack.pending.contains(id) || chunkIndex.contains(id);
    }

    /** Abandons unpublished open packs (their uploads are aborted; nothing becomes visible). */
    @Override
    public void close() {
        try {
            warmPack.abandon();
            if (coldPack != null) {
                coldPack.abandon();
            }
        } finally {
            workspace.release();
            if (ownsWorkspace) {
                workspace.close();
            }
        }
    }
}
