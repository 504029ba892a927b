package dev.tierpack.packer.index;

import java.util.Objects;

/**
 * An index object a rebuild skipped: its key and why (the error message, with its key=value context).
 *
 * @param name   the object's key as the source named it
 * @param reason what is wrong with it
 */
public record RejectedIndexObject(String name, String reason) {
    public RejectedIndexObject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }
}
