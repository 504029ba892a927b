package dev.tierpack.core.gen;

import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.error.SourceObjectNotFoundException;
import dev.tierpack.core.nix.HashAlgorithm;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.Nix32;
import dev.tierpack.core.nix.NixHash;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.nix.Signature;
import dev.tierpack.core.nix.Signer;
import dev.tierpack.core.nix.StorePath;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.SourceObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A binary cache of {@link ScaleSpec#objects()} signed narinfos, generated on the fly for load tests at millions of
 * objects: nothing is stored and nothing is kept per object, every narinfo is a pure function of the spec, its index
 * and the signing key. It serves narinfos only (no NAR bodies, no {@code nix-cache-info}): the narinfo-only ingest
 * path never reads a NAR; full ingest uses {@link CacheGenerator} at a smaller scale.
 *
 * <p>Object {@code i}'s hash part starts with {@code i} in 7 nix32 digits (then 25 pseudo-random ones), so the
 * listing is in S3 key order and {@link #list} resumes after any key by binary search. NarSize is lognormal around
 * the spec's median (long tail, capped at 64 GiB), FileSize a random 15–45% of it (xz). References: a built path
 * refers to itself (90%), and to a geometric number of earlier paths, half of them drawn with a strong bias towards
 * the first paths (a few popular ones such as glibc get most references, as in nixpkgs), half close to it (its own
 * package set); fixed-output paths have no references and a {@code CA: fixed:} line. NarHash, FileHash and Deriver
 * are pseudo-random. With {@code sign}, the Sig is a real Ed25519 signature by the given key; without it (the load
 * harness's default, since a JCA Ed25519 signature costs far more CPU than the ingest of the narinfo it signs and the
 * lister does not check signatures), the Sig line names the key and has the exact format and length of a real one,
 * but its 64 signature bytes are pseudo-random and do not verify.
 */
public final class SyntheticNarinfoSource implements BinaryCacheSource {
    private static final int ORDER_DIGITS = 7;
    private static final String SUFFIX = ".narinfo";
    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final String[] NAMES = {"glibc", "gcc", "bash", "coreutils", "openssl", "zlib", "python3", "perl",
        "curl", "libxml2", "ncurses", "readline", "sqlite", "icu", "boost", "llvm", "rustc", "nodejs", "git", "systemd",
        "dbus", "glib", "gtk3", "qtbase", "ffmpeg", "mesa", "libpng", "libjpeg", "freetype", "fontconfig", "cairo",
        "pango", "harfbuzz", "expat", "xz", "bzip2", "zstd", "util-linux", "openssh", "gnutls", "nettle", "gmp",
        "mpfr", "libffi", "pcre2", "go", "jdk", "ghc", "haskell-text", "python3-numpy", "python3-requests",
        "node-lodash", "texlive-bin", "vim", "emacs", "firefox", "linux", "busybox", "nix", "cmake", "meson",
        "ninja", "pkg-config", "gnumake"};

    private final ScaleSpec spec;
    private final SecretKey key;
    private final boolean sign;
    private final int sigLineBytes;

    /** A source whose narinfos are really signed by {@code key}. */
    public SyntheticNarinfoSource(ScaleSpec spec, SecretKey key) {
        this(spec, key, true);
    }

    /** @param sign sign every narinfo with {@code key}, or give it a Sig line of pseudo-random bytes (see above) */
    public SyntheticNarinfoSource(ScaleSpec spec, SecretKey key, boolean sign) {
        this.spec = spec;
        this.key = key;
        this.sign = sign;
        NarInfo probe = info(0);
        this.sigLineBytes = bytes(Signer.signed(key, probe)).length - bytes(probe).length;
    }

    public ScaleSpec spec() {
        return spec;
    }

    /** The key of object {@code i} ({@code <hashPart>.narinfo}). */
    public String key(long i) {
        return hashPart(i) + SUFFIX;
    }

    /** Store path of object {@code i}. */
    public StorePath storePath(long i) {
        SplittableRandom r = rng(i, 0x6e616d65L);
        String name = NAMES[(int) (Math.abs(mix(spec.seed() ^ (i >>> 6))) % NAMES.length)];
        String version = (1 + r.nextInt(9)) + "." + r.nextInt(40) + "." + r.nextInt(20);
        return fixedOutput(i) ? new StorePath(hashPart(i), name + "-" + version + ".tar.gz")
                : new StorePath(hashPart(i), name + "-" + version);
    }

    /** The narinfo of object {@code i}, with its Sig line. */
    public NarInfo narinfo(long i) {
        if (sign) {
            return Signer.signed(key, info(i));
        }
        byte[] sig = new byte[64];
        rng(i, 0x736967L).nextBytes(sig);
        return info(i).withSignature(new Signature(key.name(), sig));
    }

    private NarInfo info(long i) {
        checkIndex(i);
        StorePath self = storePath(i);
        SplittableRandom r = rng(i, 0x6e6172L);
        long narSize = narSize(r);
        long fileSize = Math.max(64, (long) (narSize * (0.15 + 0.30 * r.nextDouble())));
        NixHash narHash = randomHash(r);
        NixHash fileHash = randomHash(r);
        NarInfo.Builder b = NarInfo.builder(self, "nar/" + fileHash.toNix32() + ".nar.xz", narHash, narSize)
                .compression("xz").fileHash(fileHash).fileSize(fileSize)
                .deriver(new StorePath(randomHashPart(r), self.name() + ".drv"));
        if (fixedOutput(i)) {
            b.references(List.of()).ca("fixed:" + randomHash(r).toNix32String());
        } else {
            b.references(references(i, r, self));
        }
        return b.build();
    }

    private long narSize(SplittableRandom r) {
        double gaussian = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        double size = spec.medianNarSize() * Math.exp(spec.narSizeSigma() * gaussian);
        return Math.max(120, Math.min(64L << 30, (long) size));
    }

    private List<StorePath> references(long i, SplittableRandom r, StorePath self) {
        TreeSet<StorePath> refs = new TreeSet<>();
        if (r.nextDouble() < 0.9) {
            refs.add(self);
        }
        if (i > 0 && spec.meanReferences() > 0) {
            double p = 1 / (1 + spec.meanReferences());
            int n = (int) Math.min(256, Math.floor(Math.log(1 - r.nextDouble()) / Math.log(1 - p)));
            for (int k = 0; k < n; k++) {
                long j;
                if (r.nextBoolean()) {
                    double u = r.nextDouble();
                    j = (long) (i * u * u * u * u);
                } else {
                    j = Math.max(0, i - 1 - (long) (Math.log(1 - r.nextDouble()) * -50));
                }
                refs.add(storePath(Math.min(j, i - 1)));
            }
        }
        return new ArrayList<>(refs);
    }

    private boolean fixedOutput(long i) {
        return (mix(spec.seed() * 31 + i) >>> 11) * 0x1.0p-53 < spec.fixedOutputShare();
    }

    private String hashPart(long i) {
        char[] c = new char[StorePath.HASH_PART_LENGTH];
        long v = i;
        for (int d = ORDER_DIGITS - 1; d >= 0; d--) {
            c[d] = Nix32.ALPHABET.charAt((int) (v & 31));
            v >>>= 5;
        }
        SplittableRandom r = rng(i, 0x68617368L);
        for (int d = ORDER_DIGITS; d < c.length; d++) {
            c[d] = Nix32.ALPHABET.charAt(r.nextInt(32));
        }
        return new String(c);
    }

    private static String randomHashPart(SplittableRandom r) {
        char[] c = new char[StorePath.HASH_PART_LENGTH];
        for (int d = 0; d < c.length; d++) {
            c[d] = Nix32.ALPHABET.charAt(r.nextInt(32));
        }
        return new String(c);
    }

    private static NixHash randomHash(SplittableRandom r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return new NixHash(HashAlgorithm.SHA256, b);
    }

    private SplittableRandom rng(long i, long salt) {
        return new SplittableRandom(mix(spec.seed() ^ salt) + i * 0x9E3779B97F4A7C15L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static byte[] bytes(NarInfo info) {
        return info.toText().getBytes(StandardCharsets.UTF_8);
    }

    private void checkIndex(long i) {
        if (i < 0 || i >= spec.objects()) {
            throw new IndexOutOfBoundsException("object " + i + " of " + spec.objects());
        }
    }

    /** The object of {@code key}, or -1 if this source has no such key. */
    private long indexOf(String key) {
        if (key.length() != StorePath.HASH_PART_LENGTH + SUFFIX.length() || !key.endsWith(SUFFIX)) {
            return -1;
        }
        long i = 0;
        for (int d = 0; d < ORDER_DIGITS; d++) {
            int digit = Nix32.ALPHABET.indexOf(key.charAt(d));
            if (digit < 0) {
                return -1;
            }
            i = (i << 5) | digit;
        }
        return i < spec.objects() && key(i).equals(key) ? i : -1;
    }

    private SourceObject object(long i) {
        return new SourceObject(key(i), bytes(info(i)).length + sigLineBytes, EPOCH.plusSeconds(i), null);
    }

    /** The first object whose key sorts after {@code startAfter} (keys are ASCII, so String order is S3 order). */
    private long firstAfter(String startAfter) {
        if (startAfter == null) {
            return 0;
        }
        long lo = 0;
        long hi = spec.objects();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (key(mid).compareTo(startAfter) > 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    @Override
    public Iterator<SourceObject> list(String startAfter) {
        long first = firstAfter(startAfter);
        return new Iterator<>() {
            private long next = first;

            @Override
            public boolean hasNext() {
                return next < spec.objects();
            }

            @Override
            public SourceObject next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return object(next++);
            }
        };
    }

    private byte[] content(String key) {
        long i = indexOf(key);
        if (i < 0) {
            throw new SourceObjectNotFoundException("no such object", "source", describe(), "key", key);
        }
        return bytes(narinfo(i));
    }

    @Override
    public InputStream open(String key) {
        return new ByteArrayInputStream(content(key));
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
        byte[] b = content(key);
        if (offset < 0 || length < 0 || offset + length > b.length) {
            throw new SourceException("range outside the object", "source", describe(), "key", key, "offset", offset,
                    "length", length, "size", b.length);
        }
        return new ByteArrayInputStream(b, (int) offset, (int) length);
    }

    @Override
    public Optional<SourceObject> head(String key) {
        long i = indexOf(key);
        return i < 0 ? Optional.empty() : Optional.of(object(i));
    }

    @Override
    public String describe() {
        return "synthetic:narinfos?objects=" + spec.objects() + "&seed=" + spec.seed();
    }

    @Override
    public void close() {}
}
