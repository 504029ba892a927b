package dev.tierpack.manifests.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.MeteredTier;
import dev.tierpack.core.tier.RequestCounter;
import dev.tierpack.core.tier.RequestKind;
import dev.tierpack.manifests.MigratedCorpus;
import dev.tierpack.manifests.catalog.CatalogEntry;
import dev.tierpack.manifests.format.Manifest;
import dev.tierpack.packer.format.ContentCode;
import dev.tierpack.packer.format.PackFormat;
import dev.tierpack.packer.format.PackIndexObject;
import dev.tierpack.packer.format.TierCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every store path of the real-Nix corpus, migrated, read back through the catalog, manifests and packs. */
class ReadBackCorpusTest {
    static MigratedCorpus corpus;

    @BeforeAll
    static void migrate() {
        corpus = MigratedCorpus.get();
    }

    @Test
    void everyStorePathReassemblesToItsNarHashAndToXzDcOfTheOriginal() throws Exception {
        ReadBack readBack = corpus.readBack();
        ReassemblyStats all = new ReassemblyStats();
        for (NarInfo info : corpus.infos()) {
            CatalogEntry entry = readBack.lookup(info.storePath().toString()).orElseThrow();
            Digests.Sink sink = new Digests.Sink();
            readBack.writeNar(entry, sink, all);
            String name = info.storePath().toString();
            assertThat(sink.count()).as(name).isEqualTo(info.narSize());
            assertThat(sink.digest()).as(name).isEqualTo(info.narHash().bytes());
            String reassembled = HexFormat.of().formatHex(info.narHash().bytes()) + ":" + info.narSize();
            assertThat(Digests.xzDc(MigratedCorpus.originalNar(info))).as(name).isEqualTo(reassembled);
        }
        assertThat(all.nars()).isEqualTo(corpus.narinfos.size());
        // coalescing: consecutive references share a segment, adjacent segments share a GET
        assertThat(all.segmentVisits()).isLessThan(all.chunks() / 4);
        assertThat(all.requests()).isLessThan(all.segmentsDecoded());
        assertThat(all.bufferedBytes()).isZero();
    }

    @Test
    void getsAreExactlyTheManifestReadsAndThePlannedRanges() throws Exception {
        RequestCounter counter = new RequestCounter();
        ReadBack metered = new ReadBack(corpus.catalog, corpus.chunkIndex,
                ChunkTiers.warmOnly(new MeteredTier(corpus.warm, counter)), ReassemblyConfig.defaults());
        NarInfo largest = corpus.infos().stream().max(java.util.Comparator.comparingLong(NarInfo::narSize)).orElseThrow();
        CatalogEntry entry = metered.lookup(largest.storePath().hashPart()).orElseThrow();
        ReassemblyStats stats = new ReassemblyStats();
        metered.writeNar(entry, new Digests.Sink(), stats);
        assertThat(counter.requests(RequestKind.GET_RANGE)).isEqualTo(1 + stats.requests()); // + the manifest
        assertThat(counter.totalRequests()).isEqualTo(counter.requests(RequestKind.GET_RANGE));
        // one GET per up-to-16-MiB range: far fewer than one per chunk, as the simple assembler did
        assertThat(stats.requests()).isLessThanOrEqualTo(stats.segmentsDecoded()).isLessThan(stats.chunks() / 20);
        assertThat(stats.chunks()).isEqualTo(metered.manifest(entry).layout().chunkRefs());
    }

    @Test
    void smallRangesStillReassembleAndEveryChunkCanBeHashed() throws Exception {
        ReadBack readBack = corpus.readBack(ReassemblyConfig.defaults().withMaxRangeBytes(1).withSegmentCacheBytes(0)
                .withVerifyChunks(true));
        for (NarInfo info : corpus.infos().subList(0, 6)) {
            Digests.Sink sink = new Digests.Sink();
            ReassemblyStats stats = new ReassemblyStats();
            readBack.writeNar(readBack.lookup(info.storePath().hashPart()).orElseThrow(), sink, stats);
            assertThat(sink.digest()).isEqualTo(info.narHash().bytes());
            assertThat(stats.requests()).isEqualTo(stats.segmentsDecoded()).isEqualTo(stats.segmentVisits());
        }
    }

    @Test
    void aSlowWriterHoldsABoundedNumberOfDecodedSegments() throws Exception {
        int readahead = 2;
        ReassemblyConfig config = new ReassemblyConfig(16 << 20, 2, readahead, 0, 1024, false);
        ReadBack readBack = corpus.readBack(config);
        NarInfo largest = corpus.infos().stream().max(java.util.Comparator.comparingLong(NarInfo::narSize)).orElseThrow();
        CatalogEntry entry = readBack.lookup(largest.storePath().hashPart()).orElseThrow();
        ReassemblyStats stats = new ReassemblyStats();
        long[] maxAhead = {0};
        boolean[] waited = {false};
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (!waited[0]) {
                    // let the producer run as far ahead as it can: it must stop at the queue's capacity
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (stats.segmentVisits() < readahead + 2 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    waited[0] = true;
                }
                maxAhead[0] = Math.max(maxAhead[0], stats.segmentVisits() - stats.segmentsConsumed());
            }
        };
        readBack.writeNar(entry, slow, stats);
        assertThat(stats.segmentVisits()).isGreaterThan(2L * (readahead + 2)); // the NAR spans more segments than the bound
        // the writer's segment, the queue, and one segment waiting to be queued
        assertThat(maxAhead[0]).isEqualTo(readahead + 2);
        assertThat(stats.maxBufferedBytes()).isLessThanOrEqualTo((readahead + 2L) * (1 << 20) + (64 << 10));
    }

    @Test
    void manifestsKeepTheNarinfoVerbatimAndListingsMatchNix() throws Exception {
        ReadBack readBack = corpus.readBack();
        for (NarInfo info : corpus.infos()) {
            String hash = info.storePath().hashPart();
            CatalogEntry entry = readBack.lookup(hash).orElseThrow();
            String original = Files.readString(Corpus.cache().resolve(hash + ".narinfo"));
            assertThat(entry.narInfoText()).isEqualTo(original);
            Manifest m = readBack.manifest(entry);
            assertThat(m.narInfoText()).isEqualTo(original);
            assertThat(m.placement()).isEqualTo(TierCode.WARM);
            ByteArrayOutputStream ls = new ByteArrayOutputStream();
            readBack.writeListing(m, ls);
            assertThat(ls.toByteArray()).as(hash + ".ls").isEqualTo(Files.readAllBytes(Corpus.cache().resolve(hash + ".ls")));
        }
    }

    @Test
    void lookupAcceptsFullPathsBaseNamesAndHashPartsOnly() {
        ReadBack readBack = corpus.readBack();
        NarInfo info = corpus.infos().getFirst();
        String full = info.storePath().toString();
        assertThat(readBack.lookup(full)).isPresent();
        assertThat(readBack.lookup(info.storePath().baseName())).isPresent();
        assertThat(readBack.lookup(info.storePath().hashPart())).isPresent();
        assertThat(readBack.lookup(full + "x")).isEmpty();
        assertThat(readBack.lookup("/other/store/" + info.storePath().baseName())).isEmpty();
        assertThat(readBack.lookup("../../etc/passwd")).isEmpty();
        assertThat(readBack.lookup("")).isEmpty();
    }

    @Test
    void catalogEntriesPointAtPublishedManifestPacks() throws IOException {
        List<CatalogEntry> entries = new java.util.ArrayList<>();
        corpus.catalog.forEach(entries::add);
        assertThat(entries).hasSize(corpus.narinfos.size());
        assertThat(corpus.catalog.stats().storePaths()).isEqualTo(entries.size());
        assertThat(corpus.catalog.stats().narBytes())
                .isEqualTo(corpus.infos().stream().mapToLong(NarInfo::narSize).sum());
        assertThat(corpus.manifestPacks).isGreaterThan(1);
        for (CatalogEntry e : entries) {
            String key = e.manifestPack().indexKey();
            byte[] bytes;
            try (InputStream in = corpus.warm.read(key)) {
                bytes = in.readAllBytes();
            }
            PackIndexObject index = PackFormat.readIndexObject(bytes, key);
            assertThat(index.content()).isEqualTo(ContentCode.MANIFESTS);
            assertThat(index.body().find(e.manifest())).isPresent();
            assertThat(corpus.chunkIndex.find(e.manifest()).orElseThrow().packId()).isEqualTo(e.manifestPack());
        }
    }

    @Test
    void aColdStorePathNeedsARestore() {
        CatalogEntry warm = corpus.catalog.find(corpus.infos().getFirst().storePath().hashPart()).orElseThrow();
        CatalogEntry cold = new CatalogEntry(warm.hashPart(), TierCode.COLD, warm.manifest(), warm.manifestPack(),
                warm.narSize(), warm.fileHash(), warm.narInfoText());
        assertThatThrownBy(() -> corpus.readBack().writeNar(cold, new Digests.Sink(), new ReassemblyStats()))
                .isInstanceOf(RestoreRequiredException.class).hasMessageContaining("restore required")
                .hasMessageContaining("storePath=" + warm.hashPart());
    }
}
