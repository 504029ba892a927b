package dev.tierpack.packer.upload;

import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.Upload;
import dev.tierpack.packer.format.PackId;
import dev.tierpack.packer.pack.PackBuffers;
import dev.tierpack.packer.pack.PackResult;
import dev.tierpack.packer.pack.PackWriter;
import dev.tierpack.packer.pack.PackWriterConfig;
import java.io.IOException;
import java.util.Objects;

/**
 * A pack being written straight into its (multipart) upload on a tier, with a fresh pack id: filled through
 * {@link #writer()}, then either {@linkplain #seal sealed and published} (docs/FORMAT.md section 5: upload complete,
 * trailer read back, index object, chunk index) or {@linkplain #abort aborted} (nothing of it becomes visible).
 * The one place data packs, manifest packs and re-placement packs are opened and closed.
 */
public final class PackInFlight {
    private final Tier tier;
    private final Upload upload;
    private final PackWriter writer;

    private PackInFlight(Tier tier, Upload upload, PackWriter writer) {
        this.tier = tier;
        this.upload = upload;
        this.writer = writer;
    }

    /**
     * Starts a pack on {@code tier}.
     *
     * @param buffers segment buffers reused across packs, or null for fresh ones
     */
    public static PackInFlight start(Tier tier, PackWriterConfig layout, PackBuffers buffers) throws IOException {
        Objects.requireNonNull(tier, "tier");
        PackId packId = PackId.generate();
        Upload upload = tier.upload(packId.objectKey());
        try {
            return new PackInFlight(tier, upload,
                    PackWriter.start(upload.stream(), layout, packId, System.currentTimeMillis(), buffers));
        } catch (IOException | RuntimeException e) {
            upload.abort();
            upload.close();
            throw e;
        }
    }

    public PackWriter writer() {
        return writer;
    }

    /** Finishes the pack, completes its upload and publishes it; the upload is closed whatever happens. */
    public PackPublisher.Published seal(PackPublisher publisher) throws IOException {
        PackResult result = writer.finish();
        try (upload) {
            upload.stream().close();
            return publisher.publish(tier, upload, result);
        }
    }

    /** Aborts the upload: the pack never becomes visible. */
    public void abort() {
        upload.abort();
        upload.close();
    }
}
