package dev.tierpack.core.nix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import org.junit.jupiter.api.Test;

class NixCacheInfoTest {
    @Test
    void parsesAllKnownKeysAndKeepsUnknownOnes() {
        String text = "StoreDir: /nix/store\nWantMassQuery: 1\nX-Mirror: eu\nPriority: 40\n";
        NixCacheInfo info = NixCacheInfo.parse(text, "nix-cache-info");
        assertThat(info.storeDir()).contains("/nix/store");
        assertThat(info.wantMassQuery()).contains(true);
        assertThat(info.priority()).hasValue(40);
        assertThat(info.unknownFields()).containsExactly(new UnknownField("X-Mirror", "eu", "WantMassQuery"));
        assertThat(info.toText()).isEqualTo(text);
        assertThat(NixCacheInfo.of("/nix/store").toText()).isEqualTo("StoreDir: /nix/store\n");
        assertThat(NixCacheInfo.parse("WantMassQuery: 0\n", "n").wantMassQuery()).contains(false);
    }

    @Test
    void rejectsMalformedFiles() {
        assertBad("StoreDir: nix/store\n", 1, "bad StoreDir");
        assertBad("StoreDir: /nix/store/\n", 1, "bad StoreDir");
        assertBad("StoreDir: /nix/store\nStoreDir: /nix/store\n", 2, "duplicate key StoreDir");
        assertBad("WantMassQuery: true\n", 1, "WantMassQuery is neither 1 nor 0");
        assertBad("StoreDir: /nix/store\nPriority: -1\n", 2, "Priority is not a plain");
        assertBad("Priority: 99999999999\n", 1, "Priority is not a plain");
        assertBad("StoreDir:/nix/store\n", 1, "not followed by one space");
        assertBad("StoreDir: /nix/store", 1, "no terminating newline");
    }

    private static void assertBad(String text, int line, String reason) {
        assertThatThrownBy(() -> NixCacheInfo.parse(text, "caches/x/nix-cache-info"))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining("object=caches/x/nix-cache-info")
                .hasMessageContaining("line=" + line);
    }
}
