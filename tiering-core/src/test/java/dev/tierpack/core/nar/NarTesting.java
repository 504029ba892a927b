package dev.tierpack.core.nar;

import dev.tierpack.core.nar.NarEntry.RegularFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the NAR tests. */
final class NarTesting {
    private NarTesting() {}

    /** Everything a reader returned: the events and each regular file's contents. */
    record Read(List<NarEntry> entries, Map<NarPath, byte[]> contents) {}

    @FunctionalInterface
    interface WriterBody {
        void write(NarWriter w) throws IOException;
    }

    static byte[] write(WriterBody body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            NarWriter w = new NarWriter(out);
            body.write(w);
            w.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Read readAll(byte[] nar) throws IOException {
        return readAll(new ByteArrayInputStream(nar), NarReader.Options.DEFAULT);
    }

    static Read readAll(InputStream in, NarReader.Options options) throws IOException {
        NarReader r = new NarReader(in, options);
        List<NarEntry> entries = new ArrayList<>();
        Map<NarPath, byte[]> contents = new LinkedHashMap<>();
        for (NarEntry e = r.next(); e != null; e = r.next()) {
            entries.add(e);
            if (e instanceof RegularFile f) {
                contents.put(f.path(), r.contents().readAllBytes());
            }
        }
        return new Read(entries, contents);
    }

    /** Re-serializes the NAR read from {@code nar} with {@link NarWriter#copy(NarReader)}. */
    static byte[] rewrite(byte[] nar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NarWriter w = new NarWriter(out);
        w.copy(new NarReader(new ByteArrayInputStream(nar)));
        w.finish();
        return out.toByteArray();
    }
}
