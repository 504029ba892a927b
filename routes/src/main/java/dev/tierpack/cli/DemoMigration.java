package dev.tierpack.cli;

import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.packer.session.IngestedPath;
import dev.tierpack.packer.session.PackerConfig;
import dev.tierpack.packer.session.PackingSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's migration step, until campaigns exist: every store path of the source through one packing session,
 * ordered by package name so that versions of a package sit together in segments. Corrupt store paths are
 * skipped (the audit quarantined them).
 */
final class DemoMigration {
    private static final Logger LOG = LoggerFactory.getLogger(DemoMigration.class);

    record Result(int storePaths, long narBytes, long narXzBytes, long chunks, long newChunks, long newBytes,
            long dedupChunks, long dedupBytes, int packs, long storedBytes, long objectsWritten, int quarantined) {}

    private final BinaryCacheSource source;
    private final LocalTiers tiers;
    private final Path workDir;

    DemoMigration(BinaryCacheSource source, LocalTiers tiers, Path workDir) {
        this.source = source;
        this.tiers = tiers;
        this.workDir = workDir;
    }

    Result run() throws IOException {
        record Item(String key, NarInfo info) {}
        List<Item> items = new ArrayList<>();
        for (Iterator<SourceObject> it = source.list(null); it.hasNext(); ) {
            SourceObject o = it.next();
            if (o.kind() == KeyKind.NARINFO) {
                try (InputStream in = source.open(o.key())) {
                    items.add(new Item(o.key(), NarInfoParser.standard().parse(in, o.key())));
                } catch (TierpackException e) {
                    LOG.warn("skipping corrupt narinfo: {}", e.getMessage());
                }
            }
        }
        items.sort(Comparator.comparing((Item i) -> i.info().storePath().packageName()).thenComparing(i -> i.info().storePath().name()));
        List<IngestedPath> durable = new ArrayList<>();
        int quarantined = 0;
        long narXz = 0;
        int packs;
        try (PackingSession session = new PackingSession(tiers.warm(), tiers.chunkIndex(), PackerConfig.defaults(workDir))) {
            for (Item i : items) {
                try {
                    session.ingest(i.info(), i.key(), source);
                    narXz += i.info().fileSize().orElse(0);
                } catch (TierpackException e) {
                    quarantined++;
                    LOG.warn("quarantined: {}", e.getMessage());
                }
                durable.addAll(session.drainDurable());
            }
            session.flush();
            durable.addAll(session.drainDurable());
            packs = session.published().size();
        }
        long stored = 0;
        long objects = 0;
        for (Iterator<TierObject> it = tiers.warm().list("", null); it.hasNext(); ) {
            stored += it.next().size();
            objects++;
        }
        long chunks = 0, newChunks = 0, newBytes = 0, dedupChunks = 0, dedupBytes = 0, narBytes = 0;
        for (IngestedPath p : durable) {
            chunks += p.stats().chunks();
            newChunks += p.stats().newChunks();
            newBytes += p.stats().newBytes();
            dedupChunks += p.stats().dedupChunks();
            dedupBytes += p.stats().dedupBytes();
            narBytes += p.info().narSize();
        }
        return new Result(durable.size(), narBytes, narXz, chunks, newChunks, newBytes, dedupChunks, dedupBytes, packs,
                stored, objects, quarantined);
    }
}
