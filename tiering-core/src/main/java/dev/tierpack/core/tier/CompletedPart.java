package dev.tierpack.core.tier;

/** A part accepted by the server: its number (1-based) and the ETag to name it in the completion. */
public record CompletedPart(int number, String etag) {
    public CompletedPart {
        if (number < 1 || number > UploadRequests.MAX_PARTS) {
            throw new IllegalArgumentException("part number out of range: " + number);
        }
        if (etag == null || etag.isEmpty()) {
            throw new IllegalArgumentException("part " + number + " has no ETag");
        }
    }
}
