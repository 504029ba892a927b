package dev.tierpack.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.PublicKey;
import dev.tierpack.core.nix.SignatureVerifier;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit reads the real-Nix corpus clean, and names every kind of broken object in damaged copies of it. */
class SourceAuditTest {
    static final SignatureVerifier TRUSTED = new SignatureVerifier(List.of(PublicKey.parse(Corpus.publicKey())));

    @TempDir Path tmp;
    Path cache;
    final List<Problem> quarantined = new ArrayList<>();

    @BeforeEach
    void copyCorpus() throws IOException {
        cache = tmp.resolve("cache");
        try (Stream<Path> s = Files.walk(Corpus.cache())) {
            for (Path p : s.toList()) {
                Path target = cache.resolve(Corpus.cache().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    target.toFile().setWritable(true);
                }
            }
        }
    }

    AuditReport audit(SignatureVerifier verifier) throws IOException {
        try (LocalDirSource source = new LocalDirSource(cache)) {
            return new SourceAudit(source, new SourceAudit.Options(verifier, true, 4, tmp.resolve("work")), quarantined::add).run();
        }
    }

    @Test
    void theRealNixCorpusIsClean() throws IOException {
        AuditReport r = audit(TRUSTED);
        assertThat(quarantined).isEmpty();
        assertThat(r.clean()).isTrue();
        assertThat(r.narinfos()).isEqualTo(25);
        assertThat(r.signaturesValid()).isEqualTo(25);
        assertThat(r.storePathsVerified()).isEqualTo(25);
        assertThat(r.objectsByKind()).containsEntry(KeyKind.NARINFO, 25L).containsEntry(KeyKind.LISTING, 25L)
                .containsEntry(KeyKind.CACHE_INFO, 1L);
        long narSizes = 0;
        for (Path p : Corpus.narinfos()) {
            narSizes += NarInfo.parse(Files.readString(p), p.toString()).narSize();
        }
        assertThat(r.narBytes()).isEqualTo(narSizes);
    }

    @Test
    void aFlippedByteInANarIsQuarantinedWithItsStorePath() throws IOException {
        NarInfo victim = narinfo(0);
        Path nar = cache.resolve(victim.url());
        byte[] bytes = Files.readAllBytes(nar);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(nar, bytes);

        AuditReport r = audit(TRUSTED);
        assertThat(r.clean()).isFalse();
        assertThat(quarantined).filteredOn(p -> p.kind().equals("corrupt-nar")).isNotEmpty()
                .allSatisfy(p -> {
                    assertThat(p.key()).isEqualTo(victim.url());
                    assertThat(p.reason()).contains("object=" + victim.url());
                });
        assertThat(quarantined).filteredOn(p -> p.kind().equals("corrupt-nar"))
                .anySatisfy(p -> assertThat(p.storePath()).isEqualTo(victim.storePath().toString()));
        assertThat(r.quarantined()).isEqualTo(quarantined.stream().filter(Problem::quarantines).count());
    }

    @Test
    void aNarinfoClaimingAnotherNarHashFailsItsSignatureAndWithoutKeysItsNarHash() throws IOException {
        NarInfo victim = narinfo(1);
        NarInfo other = narinfo(2);
        Path file = cache.resolve(victim.storePath().hashPart() + ".narinfo");
        Files.writeString(file, Files.readString(file).replace(victim.narHash().toNix32String(), other.narHash().toNix32String()));

        audit(TRUSTED);
        assertThat(quarantined).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("bad-signature");
            assertThat(p.storePath()).isEqualTo(victim.storePath().toString());
        });

        quarantined.clear();
        audit(null);
        assertThat(quarantined).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("corrupt-nar");
            assertThat(p.reason()).contains("NAR hash mismatch", victim.storePath().toString(), "object=" + victim.url());
        });
    }

    @Test
    void malformedNarinfoIsQuarantinedWithLineAndReason() throws IOException {
        NarInfo victim = narinfo(3);
        Path file = cache.resolve(victim.storePath().hashPart() + ".narinfo");
        Files.writeString(file, Files.readString(file).replace("NarSize: ", "NarSize: -"));
        AuditReport r = audit(TRUSTED);
        assertThat(quarantined).filteredOn(Problem::quarantines).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("corrupt-narinfo");
            assertThat(p.key()).isEqualTo(file.getFileName().toString());
            assertThat(p.reason()).contains("object=" + file.getFileName(), "line=");
        });
        // its NAR is no longer pointed to by a valid narinfo
        assertThat(r.orphanNars()).isEqualTo(countNarsWithUrl(victim.url()) == 1 ? 1 : 0);
    }

    @Test
    void danglingReferencesAreReportedNotFatal() throws IOException {
        NarInfo victim = narinfo(4);
        long sharing = countNarsWithUrl(victim.url());
        Files.delete(cache.resolve(victim.url()));
        Files.write(cache.resolve("nar/0000000000000000000000000000000000000000000000000000.nar.xz"), new byte[] {1, 2, 3});

        AuditReport r = audit(TRUSTED);
        assertThat(r.danglingNarinfos()).isEqualTo(sharing);
        assertThat(r.orphanNars()).isEqualTo(1);
        assertThat(quarantined).filteredOn(p -> p.kind().equals("dangling-narinfo"))
                .anySatisfy(p -> assertThat(p.reason()).contains(victim.url()));
        assertThat(quarantined).filteredOn(p -> p.kind().equals("orphan-nar"))
                .singleElement().satisfies(p -> assertThat(p.key()).startsWith("nar/0000"));
        assertThat(r.storePathsVerified()).isEqualTo(25 - sharing);
    }

    private long countNarsWithUrl(String url) throws IOException {
        long n = 0;
        for (Path p : Corpus.narinfos()) {
            n += NarInfo.parse(Files.readString(p), p.toString()).url().equals(url) ? 1 : 0;
        }
        return n;
    }

    private static NarInfo narinfo(int i) throws IOException {
        Path p = Corpus.narinfos().get(i);
        return NarInfo.parse(Files.readString(p), p.getFileName().toString());
    }
}
