package dev.tierpack.packer.bench;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.chunk.ChunkId;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The new chunks of one ingest, spilled to a file so that several pack settings can be tried on exactly the same
 * chunk sequence without decoding and chunking the cache again. Records are {@code id (32) | length (4, big-endian;
 * negative for a chunk judged incompressible) | bytes}. Writing and {@link #replay replaying} stream through 64 KiB buffers; replay holds one chunk at a time.
 * Not thread-safe.
 */
public final class ChunkLog implements NewChunkSink, Closeable {
    private static final int BUFFER = 64 << 10;

    private final Path file;
    private final DataOutputStream out;
    private final byte[] idBytes = new byte[ChunkId.LENGTH];
    private long chunks;
    private long bytes;
    private int maxLength;
    private boolean closed;

    private ChunkLog(Path file) throws IOException {
        this.file = file;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    /** Creates (or truncates) {@code file} and appends to it. */
    public static ChunkLog create(Path file) throws IOException {
        return new ChunkLog(Objects.requireNonNull(file, "file"));
    }

    public Path file() {
        return file;
    }

    public long chunks() {
        return chunks;
    }

    /** Raw bytes of the chunks written. */
    public long bytes() {
        return bytes;
    }

    @Override
    public void accept(int index, ChunkId id, byte[] buf, int off, int len, boolean compressible) throws IOException {
        if (closed) {
            throw new IllegalStateException("chunk log closed: " + file);
        }
        if (index != chunks) {
            throw new IllegalArgumentException("chunks must arrive in order: expected " + chunks + ", got " + index);
        }
        id.writeTo(idBytes, 0);
        out.write(idBytes);
        out.writeInt(compressible ? len : -len); // the sign carries the verdict (lengths are positive)
        out.write(buf, off, len);
        chunks++;
        bytes += len;
        maxLength = Math.max(maxLength, len);
    }

    /** Flushes and closes the file for writing; {@link #replay} needs this first. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

    /**
     * Hands every logged chunk to {@code sink}, in order, numbered from 0.
     *
     * @throws FormatException the file ends inside a record or holds a different number of chunks than written
     */
    public void replay(NewChunkSink sink) throws IOException {
        if (!closed) {
            throw new IllegalStateException("close the chunk log before replaying it: " + file);
        }
        byte[] id = new byte[ChunkId.LENGTH];
        byte[] buf = new byte[Math.max(1, maxLength)];
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
            for (int i = 0; i < chunks; i++) {
                in.readFully(id);
                int signed = in.readInt();
                boolean compressible = signed > 0;
                int len = Math.abs(signed);
                if (signed == 0 || signed == Integer.MIN_VALUE || len > buf.length) {
                    throw new FormatException("bad chunk log record length", "object", file, "record", i, "length", signed);
                }
                in.readFully(buf, 0, len);
                sink.accept(i, ChunkId.read(id, 0), buf, 0, len, compressible);
            }
            if (in.read() != -1) {
                throw new FormatException("trailing bytes in chunk log", "object", file, "chunks", chunks);
            }
        } catch (EOFException e) {
            throw new FormatException("truncated chunk log", e, "object", file, "chunks", chunks);
        }
    }
}
