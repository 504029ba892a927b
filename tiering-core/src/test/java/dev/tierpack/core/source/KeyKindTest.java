package dev.tierpack.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyKindTest {
    private static final String H = "218l4l2mmaprm0q9b0rzqwnhlpgxbl5h"; // 32 nix32 chars
    private static final String F = "05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv"; // 52 nix32 chars

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            nix-cache-info                                             | CACHE_INFO
            nix-cache-info.bak                                         | OTHER
            nar/nix-cache-info                                         | OTHER
            218l4l2mmaprm0q9b0rzqwnhlpgxbl5h.narinfo                   | NARINFO
            218l4l2mmaprm0q9b0rzqwnhlpgxbl5h.ls                        | LISTING
            218L4L2MMAPRM0Q9B0RZQWNHLPGXBL5H.narinfo                   | OTHER
            218l4l2mmaprm0q9b0rzqwnhlpgxbl5h.NARINFO                   | OTHER
            218l4l2mmaprm0q9b0rzqwnhlpgxbl5.narinfo                    | OTHER
            218l4l2mmaprm0q9b0rzqwnhlpgxbl5hh.narinfo                  | OTHER
            e18l4l2mmaprm0q9b0rzqwnhlpgxbl5h.narinfo                   | OTHER
            218l4l2mmaprm0q9b0rzqwnhlpgxbl5u.ls                        | OTHER
            sub/218l4l2mmaprm0q9b0rzqwnhlpgxbl5h.narinfo               | OTHER
            218l4l2mmaprm0q9b0rzqwnhlpgxbl5h.narinfo.tmp               | OTHER
            .narinfo                                                   | OTHER
            nar/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.xz  | NAR
            nar/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar     | NAR
            nar/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.bz2 | NAR
            nar/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.zst | NAR
            nar/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.br  | NAR
            nar/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.gz  | OTHER
            nar/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.xz.tmp | OTHER
            nar/05P1JBN68DVBWBZXWB0LLGAZ026V5YF0FDZ7S689NJJAPXKNQFZV.nar.xz  | OTHER
            nar/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.NAR.XZ  | OTHER
            nar/x.nar.xz.tmp                                           | OTHER
            nar/.nar.xz                                                | OTHER
            nar/a.b.nar.xz                                             | OTHER
            nar/sub/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.xz | OTHER
            nar/                                                       | OTHER
            nar                                                        | OTHER
            nar-x/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.xz | OTHER
            05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.xz | OTHER
            log/8ry029q7pzdzhw7xc4854vrv1rkf9k6f-hello-2.12.drv        | LOG
            log/                                                       | OTHER
            log                                                        | OTHER
            logs/x.drv                                                 | OTHER
            realisations/sha256:1b2c!out.doi                           | REALISATION
            realisations/                                              | OTHER
            debuginfo/0123456789abcdef0123456789abcdef01234567         | DEBUGINFO
            debuginfo/sub/                                             | OTHER
            Nar/05p1jbn68dvbwbzxwb0llgaz026v5yf0fdz7s689njjapxknqfzv.nar.xz | OTHER
            /nix-cache-info                                            | OTHER
            ''                                                         | OTHER
            """)
    void classifies(String key, KeyKind kind) {
        assertThat(KeyKind.of(key)).isEqualTo(kind);
    }

    @Test
    void nix32AlphabetHasNoEOUT() {
        assertThat(KeyKind.NIX32_ALPHABET).hasSize(32).doesNotContain("e", "o", "u", "t");
        assertThat(KeyKind.isNix32(H)).isTrue();
        assertThat(KeyKind.isNix32(F)).isTrue();
        assertThat(KeyKind.isNix32("")).isFalse();
        assertThat(KeyKind.isNix32("abc-")).isFalse();
    }

    @Test
    void everyExtensionCombinesWithEveryHashLength() {
        for (String ext : KeyKind.NAR_EXTENSIONS) {
            for (String hash : new String[] {H, F, F + F}) {
                assertThat(KeyKind.of("nar/" + hash + ext)).as(ext).isEqualTo(KeyKind.NAR);
            }
        }
    }
}
