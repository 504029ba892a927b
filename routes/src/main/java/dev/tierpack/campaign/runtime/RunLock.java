package dev.tierpack.campaign.runtime;

import dev.tierpack.core.error.ConfigException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code campaigns/<name>/run.lock}: an OS file lock held while a run of the campaign is active, so that a second
 * run is refused and {@code campaign status} can tell whether one is active. Released by the OS if the process dies.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path file(Path campaignDir) {
        return campaignDir.resolve("run.lock");
    }

    /** @throws ConfigException if another run holds it */
    public static RunLock acquire(Path campaignDir) {
        try {
            Files.createDirectories(campaignDir);
            FileChannel ch = FileChannel.open(file(campaignDir), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new ConfigException("the campaign is already running", "dir", campaignDir);
            }
            return new RunLock(ch, l);
        } catch (IOException e) {
            throw new ConfigException("cannot lock the campaign directory", e, "dir", campaignDir, "cause", e.toString());
        }
    }

    /** Whether a run holds the lock right now (false if the directory does not exist). */
    public static boolean isHeld(Path campaignDir) {
        Path f = file(campaignDir);
        if (!Files.exists(f)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this JVM
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
