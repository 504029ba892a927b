package dev.tierpack.packer.pack;

import dev.tierpack.packer.format.IndexBody;
import dev.tierpack.packer.format.PackFooter;

/**
 * A pack's footer and trailer as read from its end. Decoding is strict and encoding canonical, so two tails are
 * equal exactly when their bytes are: comparing a read-back tail with {@link PackResult} is a byte comparison.
 */
public record PackTail(PackFooter footer, IndexBody index) {
    /** Whether this is the tail {@code written} says was written. */
    public boolean matches(PackResult written) {
        return footer.equals(written.footer()) && index.equals(written.index());
    }
}
