package dev.tierpack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.core.audit.Problem;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends problems as JSON lines (one object per line), flushed as they come. Thread-safe. */
final class QuarantineLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    private QuarantineLog(BufferedWriter out) {
        this.out = out;
    }

    static QuarantineLog open(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new QuarantineLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }

    synchronized void append(Problem p) {
        try {
            out.write(JSON.writeValueAsString(p));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
