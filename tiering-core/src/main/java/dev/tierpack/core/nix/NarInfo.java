package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The content of a {@code <hash>.narinfo} file in a Nix binary cache.
 *
 * <p>Guarantees, checked on construction: the URL is non-empty without spaces or control
 * characters; the compression is a non-empty token ({@code bzip2} when the file has no
 * {@code Compression} line, as in Nix); file and NAR hashes are SHA-256 (the only kind Nix writes);
 * {@code narSize >= 1} (Nix rejects zero) and {@code fileSize >= 0}; references and deriver live in
 * the store directory of {@link #storePath()} and are distinct; signatures are distinct; the
 * content address has a valid syntax; unknown keys are not one of {@link #KEYS}. Lists are
 * immutable copies.
 *
 * <p>{@link #toText()} writes the fields in Nix's order ({@link #KEYS}), each unknown field right
 * after the known key it followed when parsed, so parsing and writing a narinfo that Nix wrote
 * gives back the same bytes.
 *
 * @param storePath the store path
 * @param url the NAR's location relative to the cache root, e.g. {@code nar/<hash>.nar.xz}
 * @param compression the NAR file's compression ({@code xz}, {@code zstd}, {@code none}, ...)
 * @param fileHash SHA-256 of the (compressed) file at {@code url}, if known
 * @param fileSize size of the file at {@code url}, if known
 * @param narHash SHA-256 of the uncompressed NAR
 * @param narSize size of the uncompressed NAR
 * @param references the store paths this one references, in file order
 * @param deriver the derivation that built it, if known
 * @param sigs the signatures in file order
 * @param ca the rendered content address, if content-addressed
 * @param unknownFields lines with keys tierpack does not interpret, in file order
 */
public record NarInfo(
        StorePath storePath,
        String url,
        String compression,
        Optional<NixHash> fileHash,
        OptionalLong fileSize,
        NixHash narHash,
        long narSize,
        List<StorePath> references,
        Optional<StorePath> deriver,
        List<Signature> sigs,
        Optional<String> ca,
        List<UnknownField> unknownFields) {

    /** The keys Nix writes, in the order it writes them. */
    public static final List<String> KEYS = List.of(
            "StorePath", "URL", "Compression", "FileHash", "FileSize", "NarHash", "NarSize",
            "References", "Deriver", "Sig", "CA");

    /** The compression a narinfo without a {@code Compression} line has. */
    public static final String DEFAULT_COMPRESSION = "bzip2";

    public NarInfo {
        Objects.requireNonNull(storePath, "storePath");
        Objects.requireNonNull(fileHash, "fileHash");
        Objects.requireNonNull(fileSize, "fileSize");
        Objects.requireNonNull(narHash, "narHash");
        Objects.requireNonNull(deriver, "deriver");
        Objects.requireNonNull(ca, "ca");
        checkUrl(url);
        checkCompression(compression);
        fileHash.ifPresent(h -> checkSha256(h, "FileHash"));
        checkSha256(narHash, "NarHash");
        if (fileSize.isPresent() && fileSize.getAsLong() < 0) {
            throw new FormatException("FileSize is negative", "fileSize", fileSize.getAsLong());
        }
        if (narSize < 1) {
            throw new FormatException("NarSize must be positive", "narSize", narSize);
        }
        references = List.copyOf(references);
        Set<StorePath> seen = new HashSet<>();
        for (StorePath r : references) {
            checkDir(storePath, r, "reference");
            if (!seen.add(r)) {
                throw new FormatException("duplicate reference", "reference", r.baseName());
            }
        }
        deriver.ifPresent(d -> checkDir(storePath, d, "deriver"));
        sigs = List.copyOf(sigs);
        if (new HashSet<>(sigs).size() != sigs.size()) {
            throw new FormatException("duplicate signature");
        }
        ca.ifPresent(ContentAddressSyntax::check);
        unknownFields = List.copyOf(unknownFields);
        for (UnknownField f : unknownFields) {
            if (KEYS.contains(f.key())) {
                throw new FormatException("unknown field uses a known key", "key", f.key());
            }
            if (!f.after().isEmpty() && !KEYS.contains(f.after())) {
                throw new FormatException("unknown field is anchored after a key that is not known", "after", f.after());
            }
        }
    }

    /** Starts a narinfo with the required fields; everything else is absent, compression is {@code bzip2}. */
    public static Builder builder(StorePath storePath, String url, NixHash narHash, long narSize) {
        return new Builder(storePath, url, narHash, narSize);
    }

    /** Parses with {@link NarInfoParser#standard()}; see {@link NarInfoParser#parse(String, String)}. */
    public static NarInfo parse(String text, String object) {
        return NarInfoParser.standard().parse(text, object);
    }

    /**
     * The string Nix signs: {@code 1;<store path>;<narHash as sha256:nix32>;<narSize>;<references>},
     * the references as full paths, sorted and comma-separated (Nix's {@code ValidPathInfo::fingerprint}).
     */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("1;").append(storePath).append(';').append(narHash.toNix32String()).append(';').append(narSize).append(';');
        List<StorePath> sorted = references.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(sorted.get(i));
        }
        return sb.toString();
    }

    /** The narinfo text in Nix's field order, every line ending in {@code \n}. */
    public String toText() {
        StringBuilder sb = new StringBuilder(1024);
        appendUnknown(sb, "");
        for (String key : KEYS) {
            switch (key) {
                case "StorePath" -> line(sb, key, storePath.toString());
                case "URL" -> line(sb, key, url);
                case "Compression" -> line(sb, key, compression);
                case "FileHash" -> fileHash.ifPresent(h -> line(sb, key, h.toNix32String()));
                case "FileSize" -> fileSize.ifPresent(n -> line(sb, key, Long.toString(n)));
                case "NarHash" -> line(sb, key, narHash.toNix32String());
                case "NarSize" -> line(sb, key, Long.toString(narSize));
                case "References" -> line(sb, key, String.join(" ", references.stream().map(StorePath::baseName).toList()));
                case "Deriver" -> deriver.ifPresent(d -> line(sb, key, d.baseName()));
                case "Sig" -> sigs.forEach(s -> line(sb, key, s.toString()));
                case "CA" -> ca.ifPresent(c -> line(sb, key, c));
                default -> throw new AssertionError(key);
            }
            appendUnknown(sb, key);
        }
        return sb.toString();
    }

    private void appendUnknown(StringBuilder sb, String after) {
        for (UnknownField f : unknownFields) {
            if (f.after().equals(after)) {
                line(sb, f.key(), f.value());
            }
        }
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(": ").append(value).append('\n');
    }

    /** This narinfo with another URL; everything else, signatures included, unchanged. */
    public NarInfo withUrl(String newUrl) {
        return new NarInfo(storePath, newUrl, compression, fileHash, fileSize, narHash, narSize, references, deriver, sigs, ca, unknownFields);
    }

    /** This narinfo with another compression; everything else unchanged. */
    public NarInfo withCompression(String newCompression) {
        return new NarInfo(storePath, url, newCompression, fileHash, fileSize, narHash, narSize, references, deriver, sigs, ca, unknownFields);
    }

    /** This narinfo with another file hash, or none if {@code hash} is null; everything else unchanged. */
    public NarInfo withFileHash(NixHash hash) {
        return new NarInfo(storePath, url, compression, Optional.ofNullable(hash), fileSize, narHash, narSize, references, deriver, sigs, ca, unknownFields);
    }

    /** This narinfo with another file size; everything else unchanged. */
    public NarInfo withFileSize(long size) {
        return new NarInfo(storePath, url, compression, fileHash, OptionalLong.of(size), narHash, narSize, references, deriver, sigs, ca, unknownFields);
    }

    /** This narinfo without a file size; everything else unchanged. */
    public NarInfo withoutFileSize() {
        return new NarInfo(storePath, url, compression, fileHash, OptionalLong.empty(), narHash, narSize, references, deriver, sigs, ca, unknownFields);
    }

    /** This narinfo with {@code sig} appended, unless it is already present. */
    public NarInfo withSignature(Signature sig) {
        if (sigs.contains(sig)) {
            return this;
        }
        List<Signature> more = new ArrayList<>(sigs);
        more.add(sig);
        return new NarInfo(storePath, url, compression, fileHash, fileSize, narHash, narSize, references, deriver, more, ca, unknownFields);
    }

    /** This narinfo with exactly the signatures {@code newSigs}. */
    public NarInfo withSigs(List<Signature> newSigs) {
        return new NarInfo(storePath, url, compression, fileHash, fileSize, narHash, narSize, references, deriver, newSigs, ca, unknownFields);
    }

    static void checkUrl(String url) {
        Objects.requireNonNull(url, "url");
        if (url.isEmpty()) {
            throw new FormatException("URL is empty");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new FormatException("URL contains a space or control character", "position", i);
            }
        }
    }

    static void checkCompression(String compression) {
        Objects.requireNonNull(compression, "compression");
        if (compression.isEmpty() || compression.length() > 64 || !compression.chars().allMatch(c -> c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '+' || c == '-')) {
            throw new FormatException("Compression is not a token [A-Za-z0-9._+-]{1,64}", "compression", NixHash.abbreviate(compression));
        }
    }

    private static void checkSha256(NixHash h, String field) {
        if (h.algorithm() != HashAlgorithm.SHA256) {
            throw new FormatException(field + " is not sha256", "algorithm", h.algorithm().nixName());
        }
    }

    private static void checkDir(StorePath storePath, StorePath other, String what) {
        if (!other.storeDir().equals(storePath.storeDir())) {
            throw new FormatException(what + " is in another store directory", what, other.toString(), "storeDir", storePath.storeDir());
        }
    }

    /** Assembles a {@link NarInfo}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final StorePath storePath;
        private final String url;
        private final NixHash narHash;
        private final long narSize;
        private String compression = DEFAULT_COMPRESSION;
        private NixHash fileHash;
        private OptionalLong fileSize = OptionalLong.empty();
        private List<StorePath> references = List.of();
        private StorePath deriver;
        private final List<Signature> sigs = new ArrayList<>();
        private String ca;
        private final List<UnknownField> unknownFields = new ArrayList<>();

        private Builder(StorePath storePath, String url, NixHash narHash, long narSize) {
            this.storePath = storePath;
            this.url = url;
            this.narHash = narHash;
            this.narSize = narSize;
        }

        public Builder compression(String value) {
            this.compression = value;
            return this;
        }

        public Builder fileHash(NixHash value) {
            this.fileHash = value;
            return this;
        }

        public Builder fileSize(long value) {
            this.fileSize = OptionalLong.of(value);
            return this;
        }

        public Builder references(List<StorePath> value) {
            this.references = List.copyOf(value);
            return this;
        }

        public Builder deriver(StorePath value) {
            this.deriver = value;
            return this;
        }

        public Builder sig(Signature value) {
            this.sigs.add(value);
            return this;
        }

        public Builder ca(String value) {
            this.ca = value;
            return this;
        }

        public Builder unknownField(UnknownField value) {
            this.unknownFields.add(value);
            return this;
        }

        public NarInfo build() {
            return new NarInfo(storePath, url, compression, Optional.ofNullable(fileHash), fileSize, narHash, narSize,
                    references, Optional.ofNullable(deriver), sigs, Optional.ofNullable(ca), unknownFields);
        }
    }
}
