package dev.tierpack.packer.chunk;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The gear table is part of the storage format: these values must never change. */
class GearTableTest {
    @Test
    void splitMix64MatchesTheReferenceOutputForSeedZero() {
        // First outputs of Vigna's splitmix64.c with x = 0.
        SplitMix64 r = new SplitMix64(0);
        assertThat(new long[] {r.next(), r.next(), r.next()})
                .containsExactly(0xE220A8397B1DCDAFL, 0x6E789E6AA1B965F4L, 0x06C45D188009454FL);
    }

    @Test
    void seedIsTheAsciiOfTierpack() {
        assertThat(GearTable.SEED).isEqualTo(0x746965727061636BL);
        assertThat(new String(java.nio.ByteBuffer.allocate(8).putLong(GearTable.SEED).array(),
                java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("tierpack");
    }

    @Test
    void firstEntriesArePinned() {
        assertThat(GearTable.get(0)).isEqualTo(0x1CFF6190D82C9F67L);
        assertThat(GearTable.get(1)).isEqualTo(0xD0F9853539277F2FL);
        assertThat(GearTable.get(2)).isEqualTo(0x57A458940B4C31BCL);
        assertThat(GearTable.get(3)).isEqualTo(0x5FAD4F69F089A3A4L);
    }

    @Test
    void wholeTableDigestIsPinned() {
        assertThat(GearTable.SHA256).isEqualTo("221ea1093eb2131df629fd7a5257892c7dba77fa8591ecd8aaaef7c7fb43f751");
    }

    @Test
    void tableIsTheSplitMix64StreamFromTheSeed() {
        SplitMix64 r = new SplitMix64(GearTable.SEED);
        for (int i = 0; i < GearTable.SIZE; i++) {
            assertThat(GearTable.get(i)).as("entry %d", i).isEqualTo(r.next());
        }
    }

    @Test
    void copiesAreDetached() {
        long[] copy = GearTable.toArray();
        copy[0] = 0;
        assertThat(GearTable.get(0)).isEqualTo(0x1CFF6190D82C9F67L);
    }

    @Test
    void entriesAreDistinctAndEveryBitIsBalanced() {
        assertThat(Arrays.stream(GearTable.toArray()).distinct().count()).isEqualTo(256);
        for (int bit = 0; bit < 64; bit++) {
            int ones = 0;
            for (long g : GearTable.toArray()) {
                ones += (int) ((g >>> bit) & 1);
            }
            // Binomial(256, 1/2): mean 128, sd 8; +-40 is 5 sd.
            assertThat(ones).as("ones in bit %d", bit).isBetween(88, 168);
        }
    }
}
