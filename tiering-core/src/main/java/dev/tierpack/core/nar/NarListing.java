package dev.tierpack.core.nar;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nar.NarEntry.Directory;
import dev.tierpack.core.nar.NarEntry.EndDirectory;
import dev.tierpack.core.nar.NarEntry.RegularFile;
import dev.tierpack.core.nar.NarEntry.Symlink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Nix's {@code .ls} file listing of a NAR, the JSON a binary cache serves beside a narinfo:
 *
 * <pre>{"version":1,"root":{"type":"directory","entries":{"bin":{"type":"directory","entries":{
 *   "sh":{"type":"regular","size":125640,"executable":true,"narOffset":400}}}}}}</pre>
 *
 * <p>Nodes are {@code {"type":"regular","size":N[,"executable":true],"narOffset":N}},
 * {@code {"type":"symlink","target":S}} and {@code {"type":"directory","entries":{name:node,...}}},
 * with keys in that order and entries in NAR order, so the compact output matches Nix's. The JSON
 * is generated while the NAR streams past: memory does not grow with the NAR or the listing.
 * Names and targets must be valid UTF-8 (JSON strings cannot carry other bytes); otherwise a
 * {@link FormatException} is thrown.
 */
public final class NarListing {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private NarListing() {}

    /** Writes the compact listing of the NAR read from {@code nar} to {@code json} (left open). */
    public static void write(InputStream nar, OutputStream json) throws IOException {
        write(new NarReader(nar), json);
    }

    /** Writes the compact listing of the remaining NAR of {@code reader} to {@code json} (left open). */
    public static void write(NarReader reader, OutputStream json) throws IOException {
        try (JsonGenerator gen = MAPPER.createGenerator(json)) {
            write(reader, gen);
        }
    }

    /** The listing as a JSON tree (convenient for comparisons; the tree is as large as the listing). */
    public static JsonNode listing(InputStream nar) throws IOException {
        try (TokenBuffer tokens = new TokenBuffer(MAPPER, false)) {
            write(new NarReader(nar), tokens);
            return MAPPER.readTree(tokens.asParser(MAPPER));
        }
    }

    /** Emits the listing of a NAR whose first event has not been read yet. */
    public static void write(NarReader reader, JsonGenerator gen) throws IOException {
        write(reader::next, gen);
    }

    /**
     * Writes the compact listing of a NAR given as its events (as {@link NarReader} returns them, with each
     * {@link RegularFile}'s {@code contentsOffset}), without the NAR's bytes: for a NAR known only by its
     * structure, such as a stored manifest. {@code json} is left open.
     */
    public static void write(Iterable<? extends NarEntry> entries, OutputStream json) throws IOException {
        var it = entries.iterator();
        try (JsonGenerator gen = MAPPER.createGenerator(json)) {
            write(() -> it.hasNext() ? it.next() : null, gen);
        }
    }

    /** A source of NAR events; {@code null} after the last one. */
    @FunctionalInterface
    private interface Events {
        NarEntry next() throws IOException;
    }

    private static void write(Events events, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeNumberField("version", 1);
        gen.writeFieldName("root");
        for (NarEntry e = events.next(); e != null; e = events.next()) {
            if (!(e instanceof EndDirectory) && !e.path().isRoot()) {
                gen.writeFieldName(utf8(e.path().name(), e.path(), "entry name"));
            }
            switch (e) {
                case Directory d -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "directory");
                    gen.writeFieldName("entries");
                    gen.writeStartObject();
                }
                case EndDirectory d -> {
                    gen.writeEndObject();
                    gen.writeEndObject();
                }
                case RegularFile f -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "regular");
                    gen.writeNumberField("size", f.size());
                    if (f.executable()) {
                        gen.writeBooleanField("executable", true);
                    }
                    gen.writeNumberField("narOffset", f.contentsOffset());
                    gen.writeEndObject();
                }
                case Symlink s -> {
                    gen.writeStartObject();
                    gen.writeStringField("type", "symlink");
                    gen.writeStringField("target", utf8(s.target(), s.path(), "symlink target"));
                    gen.writeEndObject();
                }
            }
        }
        gen.writeEndObject();
        gen.flush();
    }

    private static String utf8(byte[] bytes, NarPath path, String what) {
        return NarNames.utf8(bytes, 0, bytes.length).orElseThrow(() -> new FormatException(
                "NAR " + what + " is not valid UTF-8, cannot be listed as JSON", "path", path.toString()));
    }
}
