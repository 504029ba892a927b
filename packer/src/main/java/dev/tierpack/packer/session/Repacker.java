package dev.tierpack.packer.session;

import dev.tierpack.core.tier.Tier;
import dev.tierpack.packer.chunk.ChunkId;
import dev.tierpack.packer.index.ChunkIndex;
import dev.tierpack.packer.pack.PackWriterConfig;
import dev.tierpack.packer.upload.PackInFlight;
import dev.tierpack.packer.upload.PackPublisher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes chunks that are already stored somewhere into new packs of one tier (re-placement, docs/FORMAT.md 11.3):
 * the same pack writer and {@link PackPublisher} as a {@link PackingSession}, so the publish order of section 5
 * holds (pack complete and verified, index object written and read back on the warm tier, then the chunk index).
 * A chunk is written once per repacker. Nothing is visible before {@link #flush} (or a pack filling up) published
 * it; {@link #close} aborts an unpublished pack. Single-threaded.
 */
public final class Repacker implements AutoCloseable {
    private final Tier tier;
    private final PackWriterConfig layout;
    private final PackPublisher publisher;
    private final Set<ChunkId> pending = new HashSet<>();
    private final List<PackPublisher.Published> published = new ArrayList<>();
    private PackInFlight pack;

    /**
     * @param tier   where the packs go ({@code layout.tier()} says which tier code they carry)
     * @param warm   the warm tier, where index objects live
     */
    public Repacker(Tier tier, Tier warm, ChunkIndex chunkIndex, PackWriterConfig layout) {
        this.tier = Objects.requireNonNull(tier, "tier");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.publisher = new PackPublisher(Objects.requireNonNull(warm, "warm"), Objects.requireNonNull(chunkIndex, "chunkIndex"));
    }

    /** Adds a verified chunk (its bytes hash to {@code id}); seals and publishes the pack when it is full. */
    public void add(ChunkId id, byte[] bytes) throws IOException {
        if (!pending.add(id)) {
            return;
        }
        if (pack == null) {
            pack = PackInFlight.start(tier, layout, null);
        }
        pack.writer().add(id, bytes, 0, bytes.length);
        if (pack.writer().isFull()) {
            seal();
        }
    }

    /** Whether {@code id} was added since the last publication (it is in the open pack). */
    public boolean pending(ChunkId id) {
        return pending.contains(id);
    }

    /** Seals and publishes the open pack, if any: every chunk added is then published. */
    public void flush() throws IOException {
        if (pack != null) {
            seal();
        }
    }

    /** Packs published so far. */
    public List<PackPublisher.Published> published() {
        return List.copyOf(published);
    }

    private void seal() throws IOException {
        PackInFlight p = pack;
        pack = null;
        published.add(p.seal(publisher));
        pending.clear();
    }

    /** Aborts the unpublished pack, if any (nothing of it becomes visible). */
    @Override
    public void close() {
        if (pack != null) {
            pack.abort();
            pack = null;
        }
        pending.clear();
    }
}
