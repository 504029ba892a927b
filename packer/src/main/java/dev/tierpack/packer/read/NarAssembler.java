package dev.tierpack.packer.read;

import dev.tierpack.core.nar.NarEntry;
import dev.tierpack.core.nar.NarWriter;
import dev.tierpack.packer.ingest.ChunkRef;
import dev.tierpack.packer.ingest.StorePathLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Iterator;
import java.util.List;

/**
 * Writes the canonical NAR of a decomposed store path: its entries in order, file contents from chunks.
 * Memory: one chunk at a time.
 */
public final class NarAssembler {
    private NarAssembler() {}

    public static void write(StorePathLayout layout, ChunkSource chunks, OutputStream out) throws IOException {
        NarWriter writer = new NarWriter(out);
        Iterator<List<ChunkRef>> files = layout.files().iterator();
        for (NarEntry e : layout.entries()) {
            if (e instanceof NarEntry.RegularFile f) {
                writer.write(f, contents(files.next(), chunks));
            } else {
                writer.write(e);
            }
        }
        writer.finish();
    }

    private static InputStream contents(List<ChunkRef> refs, ChunkSource chunks) {
        Iterator<ChunkRef> it = refs.iterator();
        return new SequenceInputStream(new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                ChunkRef ref = it.next();
                try {
                    byte[] b = chunks.chunk(ref.id());
                    if (b.length != ref.length()) {
                        throw new dev.tierpack.core.error.IntegrityException("chunk length differs from the layout",
                                "chunk", ref.id(), "expected", ref.length(), "actual", b.length);
                    }
                    return new java.io.ByteArrayInputStream(b);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }
}
