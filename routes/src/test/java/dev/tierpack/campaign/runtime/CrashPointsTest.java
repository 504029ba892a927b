package dev.tierpack.campaign.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CrashPointsTest {
    @Test
    void specsNamePointsAndVisits() {
        assertThat(CrashPoints.parse(null)).isEmpty();
        assertThat(CrashPoints.parse(" ")).isEmpty();
        assertThat(CrashPoints.parse("after-pack-upload:3")).isEqualTo(Map.of("after-pack-upload", 3));
        assertThat(CrashPoints.parse("a:1, b:2")).isEqualTo(Map.of("a", 1, "b", 2));
        assertThatThrownBy(() -> CrashPoints.parse("after-pack-upload")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("point:n");
        assertThatThrownBy(() -> CrashPoints.parse("x:0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 1");
    }

    @Test
    void unarmedPointsDoNothing() {
        assertThat(CrashPoints.armed()).isFalse();
        for (int i = 0; i < 3; i++) {
            CrashPoints.reach("after-pack-upload"); // returns: this JVM has no crash point armed
        }
    }
}
