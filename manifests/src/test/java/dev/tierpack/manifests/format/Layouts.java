package dev.tierpack.manifests.format;

import dev.tierpack.core.compress.Compression;
import dev.tierpack.core.compress.Decompressors;
import dev.tierpack.core.nar.NarReader;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.packer.chunk.ChunkerParams;
import dev.tierpack.packer.ingest.ChunkStaging;
import dev.tierpack.packer.ingest.Decomposer;
import dev.tierpack.packer.ingest.StorePathLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Layouts of NARs, decomposed the way the packer does it (without storing any chunk). */
final class Layouts {
    private Layouts() {}

    static StorePathLayout of(InputStream nar) throws IOException {
        Path tmp = Files.createTempDirectory("layouts");
        try (ChunkStaging staging = new ChunkStaging(0, tmp)) {
            return new Decomposer(ChunkerParams.of(16 << 10)).decompose(new NarReader(nar), id -> true, staging).layout();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static StorePathLayout of(byte[] nar) throws IOException {
        return of(new ByteArrayInputStream(nar));
    }

    /** The layout of a corpus store path's NAR, read from its {@code .nar.xz}. */
    static StorePathLayout ofCorpus(Path cache, NarInfo info) throws IOException {
        try (InputStream in = Decompressors.open(Compression.XZ, Files.newInputStream(cache.resolve(info.url())), info.url())) {
            return of(in);
        }
    }

    /** A narinfo for a NAR, with a made-up store path. */
    static NarInfo narInfo(String name, byte[] nar) {
        StorePath path = new StorePath("0123456789abcdfghijklmnpqrsvwxyz", name);
        return NarInfo.builder(path, "nar/x.nar", NixHash.hash(HashAlgorithm.SHA256, nar), nar.length)
                .compression("none").build();
    }
}
