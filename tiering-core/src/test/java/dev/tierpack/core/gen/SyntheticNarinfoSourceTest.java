package dev.tierpack.core.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tierpack.core.error.SourceObjectNotFoundException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.nix.SignatureVerifier;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.core.nix.VerificationResult;
import dev.tierpack.core.source.SourceObject;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticNarinfoSourceTest {
    private static final SecretKey KEY = SecretKey.generate("bench.tierpack.dev-1");

    @Test
    void listsEveryNarinfoInKeyOrderWithItsSizeAndResumesAfterAnyKey() throws Exception {
        SyntheticNarinfoSource source = new SyntheticNarinfoSource(ScaleSpec.nixpkgsLike(7, 1500), KEY);
        SyntheticNarinfoSource unsigned = new SyntheticNarinfoSource(ScaleSpec.nixpkgsLike(7, 1500), KEY, false);
        List<SourceObject> all = new ArrayList<>();
        source.list(null).forEachRemaining(all::add);
        assertEquals(1500, all.size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).key().compareTo(all.get(i).key()) < 0, "key order at " + i);
        }
        NarInfoParser parser = NarInfoParser.standard();
        SignatureVerifier verifier = SignatureVerifier.of(KEY.publicKey());
        Set<StorePath> paths = new HashSet<>();
        for (SourceObject o : all) {
            byte[] b;
            try (InputStream in = source.open(o.key())) {
                b = in.readAllBytes();
            }
            assertEquals(o.size(), b.length, o.key());
            NarInfo info = parser.parse(b, o.key());
            assertEquals(o.key().substring(0, 32), info.storePath().hashPart());
            assertInstanceOf(VerificationResult.Valid.class, verifier.verify(info), o.key());
            paths.add(info.storePath());
            byte[] shaped = unsigned.open(o.key()).readAllBytes();
            assertEquals(o.size(), shaped.length, "same size unsigned: " + o.key());
            NarInfo u = parser.parse(shaped, o.key());
            assertEquals(info.withSigs(List.of()), u.withSigs(List.of()));
            assertInstanceOf(VerificationResult.Invalid.class, verifier.verify(u), o.key());
            assertEquals(o, source.head(o.key()).orElseThrow());
        }
        // references point to objects of the cache
        long refs = 0;
        for (SourceObject o : all) {
            NarInfo info = parser.parse(unsigned.open(o.key()).readAllBytes(), o.key());
            for (StorePath r : info.references()) {
                assertTrue(paths.contains(r), "dangling reference " + r + " in " + o.key());
                refs++;
            }
        }
        assertTrue(refs > all.size() * 3L, "fan-out: " + refs);
        // resume after an existing key, and after keys that are not in the cache
        Iterator<SourceObject> after = source.list(all.get(1234 / 2).key());
        assertEquals(all.get(1234 / 2 + 1), after.next());
        assertEquals(all.get(0), source.list("").next());
        assertFalse(source.list(all.getLast().key()).hasNext());
        assertFalse(source.list("zzzz").hasNext());
        assertThrows(SourceObjectNotFoundException.class, () -> source.open("nix-cache-info"));
        assertTrue(source.head(all.get(5).key().replace(".narinfo", ".ls")).isEmpty());
    }

    @Test
    void narSizesHaveALongTailAndTheSameSpecGivesTheSameBytes() {
        SyntheticNarinfoSource a = new SyntheticNarinfoSource(ScaleSpec.nixpkgsLike(11, 20_000), KEY, false);
        SyntheticNarinfoSource b = new SyntheticNarinfoSource(ScaleSpec.nixpkgsLike(11, 20_000), KEY, false);
        long[] sizes = new long[20_000];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = a.narinfo(i).narSize();
        }
        Arrays.sort(sizes);
        long median = sizes[sizes.length / 2];
        long p99 = sizes[sizes.length * 99 / 100];
        assertTrue(median > 100_000 && median < 400_000, "median " + median);
        assertTrue(p99 > 30 * median, "p99 " + p99 + " median " + median);
        assertEquals(a.narinfo(19_999).toText(), b.narinfo(19_999).toText());
    }
}
