package dev.tierpack.packer.chunk;

import dev.tierpack.core.error.ConfigException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkerParamsTest {
    @Test
    void ofDerivesMinAndMaxFromTheAverage() {
        ChunkerParams p = ChunkerParams.of(16 << 10);
        assertThat(p).isEqualTo(new ChunkerParams(4 << 10, 16 << 10, 64 << 10, 2));
        assertThat(p.avgBits()).isEqualTo(14);
        assertThat(p).hasToString("min=4KiB,avg=16KiB,max=64KiB,level=2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "64; 100; 1024; 2; avgSize must be a power of two; avgSize=100",
        "32; 128; 1024; 2; avgSize must be a power of two in [256B, 16MiB]; avgSize=128",
        "64; 33554432; 67108864; 2; avgSize must be a power of two; avgSize=33554432",
        "63; 1024; 4096; 2; minSize must be in [64B, avgSize); minSize=63",
        "1024; 1024; 4096; 2; minSize must be in [64B, avgSize); minSize=1024 avgSize=1024",
        "256; 1024; 1024; 2; maxSize must be in (avgSize, 64MiB]; maxSize=1024",
        "4194304; 16777216; 67108865; 2; maxSize must be in (avgSize, 64MiB]; maxSize=67108865",
        "256; 1024; 4096; 4; normalizationLevel must be in [0, 3]; normalizationLevel=4",
        "256; 1024; 4096; -1; normalizationLevel must be in [0, 3]; normalizationLevel=-1",
    })
    void rejectsInvalidParamsNamingTheField(int min, int avg, int max, int level, String reason, String context) {
        assertThatThrownBy(() -> new ChunkerParams(min, avg, max, level))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid chunker params: ")
                .hasMessageContaining(reason)
                .hasMessageContaining(context);
    }

    @Test
    void ofAcceptsExactlyThePowersOfTwoWhoseDerivedBoundsAreValid() {
        assertThat(ChunkerParams.of(256)).isEqualTo(new ChunkerParams(64, 256, 1024, 2));
        assertThat(ChunkerParams.of(16 << 20)).isEqualTo(new ChunkerParams(4 << 20, 16 << 20, 64 << 20, 2));
        for (int avg : new int[] {128, 3000, 32 << 20}) {
            assertThatThrownBy(() -> ChunkerParams.of(avg)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("avgSize must be a power of two").hasMessageContaining("avgSize=" + avg);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "16KiB; min=4KiB,avg=16KiB,max=64KiB,level=2",
        " 1MiB ; min=256KiB,avg=1MiB,max=4MiB,level=2",
        "4096; min=1KiB,avg=4KiB,max=16KiB,level=2",
        "avg=16KiB; min=4KiB,avg=16KiB,max=64KiB,level=2",
        "max=100000, avg=16 KiB, level=3; min=4KiB,avg=16KiB,max=100000B,level=3",
        "min=2KiB,avg=8KiB,max=64KiB,level=1; min=2KiB,avg=8KiB,max=64KiB,level=1",
        "level=0,avg=1KiB,min=100B; min=100B,avg=1KiB,max=4KiB,level=0",
    })
    void parsesTextForms(String text, String canonical) {
        assertThat(ChunkerParams.parse(text)).hasToString(canonical);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "16KB; invalid size unit: expected B, KiB, MiB or GiB; unit=KB",
        "16k; invalid size unit; value=16k",
        "KiB; invalid size: expected digits; value=KiB",
        "avg=16KiB,min=4KiB,min=2KiB; duplicate field; field=min",
        "min=4KiB,max=64KiB; avg is required; value=min=4KiB,max=64KiB",
        "avg=16KiB,foo=1; expected min=, avg=, max=, level=; field=foo=1",
        "avg=16KiB,level=x; level must be a digit; level=x",
        "avg=16KiB,min=16KiB; minSize must be in [64B, avgSize); minSize=16384",
        "avg=12KiB; avgSize must be a power of two; avgSize=12288",
        "4GiB; size too large; value=4GiB",
    })
    void rejectsBadTextWithTheReason(String text, String reason, String context) {
        assertThatThrownBy(() -> ChunkerParams.parse(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining(context);
    }

    @Test
    void badTextErrorsCarryTheWholeValue() {
        assertThatThrownBy(() -> ChunkerParams.parse("avg=16KB"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value=16KB").hasMessageContaining("field=avg").hasMessageContaining("params=avg=16KB");
        assertThatThrownBy(() -> ChunkerParams.parse("avg=16KiB,min=16KiB"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("value=avg=16KiB,min=16KiB");
        assertThatThrownBy(() -> ChunkerParams.parse(" ")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("empty chunker params");
    }

    @Test
    void sizesParseAndFormat() {
        assertThat(ChunkerParams.parseSize("0")).isZero();
        assertThat(ChunkerParams.parseSize("17B")).isEqualTo(17);
        assertThat(ChunkerParams.parseSize("64 MiB")).isEqualTo(64 << 20);
        assertThat(ChunkerParams.parseSize("1GiB")).isEqualTo(1 << 30);
        assertThat(ChunkerParams.formatSize(0)).isEqualTo("0B");
        assertThat(ChunkerParams.formatSize(1536)).isEqualTo("1536B");
        assertThat(ChunkerParams.formatSize(3 << 20)).isEqualTo("3MiB");
        assertThat(ChunkerParams.formatSize(2L << 30)).isEqualTo("2GiB");
    }

    @Property(tries = 300)
    void canonicalTextRoundTrips(@ForAll("validParams") ChunkerParams p) {
        assertThat(ChunkerParams.parse(p.toString())).isEqualTo(p);
    }

    @Provide
    Arbitrary<ChunkerParams> validParams() {
        return FastCdcPropertiesTest.params(8, 24);
    }
}
