package dev.tierpack.manifests.restore;

import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.SpendTally;
import dev.tierpack.core.error.FormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * A restore ledger in a local file, one {@link LedgerEntry} JSON line per restore batch, appended and synced: what
 * {@code tierpack restore} and {@code serve --restore-on-miss} spent survives the process, so the restore cap holds
 * across runs. {@link #tally()} replays it. Thread-safe.
 */
public final class FileRestoreLedger implements RestoreLedger {
    private final Path file;
    private final SpendTally tally = new SpendTally();

    /** Opens (creating parents) and replays {@code file}. */
    public FileRestoreLedger(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).isBlank()) {
                        continue;
                    }
                    try {
                        tally.add(LedgerEntry.fromJson(lines.get(i)));
                    } catch (RuntimeException e) {
                        throw new FormatException("bad restore ledger line", e, "file", file, "line", i + 1);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read restore ledger " + file, e);
        }
    }

    /** Spending recorded so far, restores included. */
    public SpendTally tally() {
        return tally;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void record(LedgerEntry entry) {
        byte[] line = (entry.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(line));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to restore ledger " + file, e);
        }
        tally.add(entry);
    }
}
