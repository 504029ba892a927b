package dev.tierpack.campaign.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.config.PlacementConfig;
import dev.tierpack.core.placement.PlacementPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The campaign file's {@code placement:} section onto the runtime's policy. */
class PlacementPoliciesTest {
    @Test
    void everyKeyMapsAndTheDefaultSectionIsNoPolicy() {
        Path roots = Path.of("/srv/channels/bump6.txt");
        Path log = Path.of("/srv/hits.csv");
        PlacementPolicy p = PlacementPolicies.fromConfig(new PlacementConfig(List.of(roots), false, Optional.of(log),
                List.of("openssl-*"), OptionalInt.of(2), OptionalInt.of(30)));
        assertThat(p.channelRoots()).containsExactly(roots);
        assertThat(p.fixedOutputsHot()).isFalse();
        assertThat(p.accessLog()).contains(log);
        assertThat(p.minHits()).isEqualTo(1);
        assertThat(p.pins()).containsExactly("openssl-*");
        assertThat(p.hotNewestBumps()).hasValue(2);
        assertThat(p.maxAge()).contains(Duration.ofDays(30));
        assertThat(p.active()).isTrue();

        PlacementPolicy none = PlacementPolicies.fromConfig(PlacementConfig.defaults());
        assertThat(none.active()).isFalse();
        assertThat(none.fixedOutputsHot()).isTrue();
    }
}
