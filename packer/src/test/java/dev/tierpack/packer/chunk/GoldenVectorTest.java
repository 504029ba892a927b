package dev.tierpack.packer.chunk;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boundary stability is a format promise: deduplication across campaigns (and across tierpack
 * versions) needs the same bytes to be cut at the same places forever. These vectors were produced
 * by the first implementation and must never change; a failure here means the chunk format
 * changed, not that the vector needs updating.
 */
class GoldenVectorTest {
    /** 1 MiB of SplitMix64(0x5EED) output, little-endian words; chunked with {@code of(16KiB)}. */
    private static final int[] RANDOM_16K = {
        18181, 25154, 17037, 6228, 16930, 17263, 17507, 17514, 14109, 17555, 19364, 20739, 18551, 18473, 14800,
        19017, 18368, 28761, 19483, 19749, 16400, 32938, 18460, 17247, 19648, 17151, 9057, 18167, 24683, 4393,
        18882, 20846, 17479, 18286, 20792, 16395, 20553, 13337, 21791, 17886, 11201, 20249, 17982, 21158, 20789,
        8108, 19017, 22847, 16790, 22281, 5321, 17940, 16659, 17599, 19531, 18130, 21516, 19650, 2634,
    };

    /** 256 KiB over the alphabet a-d (from SplitMix64(0x7E47)); chunked with min 512, avg 2 KiB, max 8 KiB, level 1. */
    private static final int[] ALPHABET_2K = {
        2132, 2952, 2945, 2843, 1186, 3020, 4836, 2193, 2357, 2420, 2538, 1740, 3708, 3102, 690, 2499, 2789, 2249,
        1963, 5515, 5043, 2671, 1636, 2219, 2078, 2613, 1670, 1233, 2333, 2204, 2222, 2249, 2984, 1598, 2886, 1065,
        1171, 1770, 1272, 4646, 2160, 6781, 1316, 5237, 1751, 2149, 2754, 2538, 4084, 3701, 4238, 2539, 720, 2551,
        2334, 1993, 1692, 1698, 2516, 886, 811, 5193, 641, 1723, 1997, 1122, 2528, 2421, 3478, 901, 2654, 3878, 2568,
        3589, 3712, 2574, 5488, 632, 1037, 1384, 548, 2770, 2316, 2381, 644, 3795, 3073, 2433, 2212, 2581, 3019, 1316,
        4268, 3805, 3039, 986, 3954, 2422, 2336, 1661, 2141, 2095, 2993, 905, 837, 2405,
    };

    @Test
    void inputGeneratorIsPinned() {
        assertThat(TestData.random(0, 8)).containsExactly(0xAF, 0xCD, 0x1D, 0x7B, 0x39, 0xA8, 0x20, 0xE2);
    }

    @Test
    void randomDataBoundariesArePinned() {
        byte[] data = TestData.random(0x5EED, 1 << 20);
        ChunkStream stream = new ChunkStream(ChunkerParams.of(16 << 10));
        assertThat(stream.chunker().chunkLengths(data, 0, data.length)).containsExactly(RANDOM_16K);
        var chunks = TestData.streamChunks(stream, new ByteArrayInputStream(data));
        assertThat(chunks.stream().mapToInt(c -> c.bytes().length).toArray()).containsExactly(RANDOM_16K);
        assertThat(chunks.getFirst().id()).hasToString("ee288af572df68cdc575554bac1823e00d7d8ff295567ab2b8c01b2838d90eaa");
    }

    @Test
    void smallAlphabetBoundariesArePinned() {
        byte[] data = TestData.random(0x7E47, 256 << 10);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + (data[i] & 3));
        }
        FastCdc cdc = new FastCdc(new ChunkerParams(512, 2048, 8192, 1));
        assertThat(cdc.chunkLengths(data, 0, data.length)).containsExactly(ALPHABET_2K);
    }
}
