package dev.tierpack.campaign.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.error.SourceObjectNotFoundException;
import dev.tierpack.core.error.TierException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class SourceDamageTest {
    @Test
    void corruptOrMissingDataOfTheStorePathIsDamage() {
        assertThat(SourceDamage.is(new FormatException("truncated NAR").with("storePath", "/nix/store/x-y"))).isTrue();
        assertThat(SourceDamage.is(new IntegrityException("NarHash mismatch").with("storePath", "/nix/store/x-y"))).isTrue();
        assertThat(SourceDamage.is(new SourceObjectNotFoundException("object not found").with("storePath", "/nix/store/x-y"))).isTrue();
    }

    @Test
    void failuresWorthRetryingAreNot() {
        // the packer's own integrity checks name a pack, not a store path
        assertThat(SourceDamage.is(new IntegrityException("pack read back differs", "pack", "packs/ab/x.pack"))).isFalse();
        assertThat(SourceDamage.is(new SourceException("connection reset").with("storePath", "/nix/store/x-y"))).isFalse();
        assertThat(SourceDamage.is(new TierException("slow down", null, "warm", "put", "k", 503, "SlowDown", true, null))).isFalse();
        assertThat(SourceDamage.is(new IOException("disk full"))).isFalse();
    }
}
