package dev.tierpack.campaign.lister;

/**
 * One listing request: up to {@code maxKeys} keys sorting after {@code startAfter} (null: from the start). Keys
 * are relative to the source root.
 */
public record PageRequest(String startAfter, int maxKeys) {
    public PageRequest {
        if (maxKeys < 1 || maxKeys > 1000) {
            throw new IllegalArgumentException("maxKeys out of range: " + maxKeys);
        }
    }
}
