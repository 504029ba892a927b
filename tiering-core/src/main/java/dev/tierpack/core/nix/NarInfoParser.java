package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Strict narinfo parser. Immutable and thread-safe.
 *
 * <p>Accepts exactly the line syntax Nix writes (see {@link NarInfo}): every line {@code Key: value}
 * ending in {@code \n}; {@code StorePath}, {@code URL}, {@code NarHash} and {@code NarSize} required;
 * every known key but {@code Sig} at most once; sizes plain decimal (no sign, no leading zeros, no
 * overflow); hashes in any form Nix accepts; store paths and references valid; the store path in
 * the expected store directory if one is configured; unknown keys kept. Input is bounded: by default
 * at most {@value #DEFAULT_MAX_BYTES} bytes and {@value #DEFAULT_MAX_LINE_BYTES} bytes per line, and
 * a stream is never read past that bound.
 *
 * <p>Every rejection is a {@link FormatException} whose message names the object (the caller's
 * name for the input, e.g. its S3 key), the 1-based line and the reason, e.g.
 * {@code invalid narinfo: NarSize is not a plain decimal: object=abc.narinfo line=7 key=NarSize value=-5}.
 * Deviation from Nix: {@code Deriver: unknown-deriver} (written by very old Nix) is read as no
 * deriver, so writing such a file drops that line (Deriver is not signed).
 */
public final class NarInfoParser {
    /** Default bound on a whole narinfo: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 4 << 20;
    /** Default bound on one line: 64 KiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20; // References of a path with ~10k direct references

    private static final String KIND = "narinfo";
    private static final NarInfoParser STANDARD = new NarInfoParser(Optional.empty(), DEFAULT_MAX_BYTES, DEFAULT_MAX_LINE_BYTES);

    private final Optional<String> storeDir;
    private final int maxBytes;
    private final int maxLineBytes;

    private NarInfoParser(Optional<String> storeDir, int maxBytes, int maxLineBytes) {
        storeDir.ifPresent(StorePath::checkStoreDir);
        if (maxBytes < 1 || maxLineBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.storeDir = storeDir;
        this.maxBytes = maxBytes;
        this.maxLineBytes = maxLineBytes;
    }

    /** Default limits; store paths may be in any store directory. */
    public static NarInfoParser standard() {
        return STANDARD;
    }

    /** Default limits; store paths must be in {@code storeDir} (a cache's {@code StoreDir}). */
    public static NarInfoParser forStoreDir(String storeDir) {
        return new NarInfoParser(Optional.of(storeDir), DEFAULT_MAX_BYTES, DEFAULT_MAX_LINE_BYTES);
    }

    /** Default limits; store paths must be in the cache's {@code StoreDir} if it declares one. */
    public static NarInfoParser forCache(NixCacheInfo info) {
        return new NarInfoParser(info.storeDir(), DEFAULT_MAX_BYTES, DEFAULT_MAX_LINE_BYTES);
    }

    /** This parser with other size bounds. */
    public NarInfoParser withLimits(int newMaxBytes, int newMaxLineBytes) {
        return new NarInfoParser(storeDir, newMaxBytes, newMaxLineBytes);
    }

    /** Reads at most the size bound from {@code in} (which is not closed) and parses it. */
    public NarInfo parse(InputStream in, String object) {
        return parse(KeyValueText.readBounded(in, maxBytes, KIND, object), object);
    }

    /** Parses UTF-8 narinfo bytes. */
    public NarInfo parse(byte[] bytes, String object) {
        Objects.requireNonNull(object, "object");
        KeyValueText.checkSize(bytes.length, maxBytes, KIND, object);
        return new Run(object).parse(KeyValueText.split(bytes, maxLineBytes, KIND, object));
    }

    /** Parses narinfo text. */
    public NarInfo parse(String text, String object) {
        return parse(KeyValueText.encode(text, maxBytes, KIND, object), object);
    }

    /** State of one parse. */
    private final class Run {
        private final String object;
        private final Set<String> seen = new HashSet<>();
        private StorePath storePath;
        private String url;
        private String compression;
        private NixHash fileHash;
        private OptionalLong fileSize = OptionalLong.empty();
        private NixHash narHash;
        private long narSize = -1;
        private final List<String> referenceNames = new ArrayList<>();
        private String deriverName;
        private final List<Signature> sigs = new ArrayList<>();
        private String ca;
        private final List<UnknownField> unknown = new ArrayList<>();

        Run(String object) {
            this.object = object;
        }

        NarInfo parse(List<KeyValueText.Line> lines) {
            String lastKnown = "";
            for (KeyValueText.Line line : lines) {
                String key = line.key();
                if (!NarInfo.KEYS.contains(key)) {
                    unknown.add(new UnknownField(key, line.value(), lastKnown));
                    continue;
                }
                if (!key.equals("Sig") && !seen.add(key)) {
                    throw error(line, "duplicate key " + key);
                }
                field(line);
                lastKnown = key;
            }
            int end = lines.size() + 1;
            for (String required : List.of("StorePath", "URL", "NarHash", "NarSize")) {
                if (!seen.contains(required)) {
                    throw KeyValueText.error("required key " + required + " is missing (end of input)", KIND, object, end, "key", required);
                }
            }
            String dir = storePath.storeDir();
            List<StorePath> references = new ArrayList<>(referenceNames.size());
            for (String name : referenceNames) {
                references.add(StorePath.fromBaseName(dir, name));
            }
            try {
                return new NarInfo(storePath, url, compression == null ? NarInfo.DEFAULT_COMPRESSION : compression,
                        Optional.ofNullable(fileHash), fileSize, narHash, narSize, references,
                        Optional.ofNullable(deriverName).map(n -> StorePath.fromBaseName(dir, n)),
                        sigs, Optional.ofNullable(ca), unknown);
            } catch (FormatException e) {
                throw (FormatException) e.with("object", object);
            }
        }

        private void field(KeyValueText.Line line) {
            String v = line.value();
            try {
                switch (line.key()) {
                    case "StorePath" -> {
                        storePath = StorePath.parse(v);
                        if (storeDir.isPresent() && !storeDir.get().equals(storePath.storeDir())) {
                            throw error(line, "StorePath is not in the cache's store directory", "storeDir", storeDir.get());
                        }
                    }
                    case "URL" -> {
                        NarInfo.checkUrl(v);
                        url = v;
                    }
                    case "Compression" -> {
                        NarInfo.checkCompression(v);
                        compression = v;
                    }
                    case "FileHash" -> fileHash = sha256(line);
                    case "FileSize" -> fileSize = OptionalLong.of(size(line));
                    case "NarHash" -> narHash = sha256(line);
                    case "NarSize" -> {
                        narSize = size(line);
                        if (narSize == 0) {
                            throw error(line, "NarSize is zero");
                        }
                    }
                    case "References" -> references(line);
                    case "Deriver" -> {
                        if (!v.equals("unknown-deriver")) {
                            StorePath.fromBaseName(v);
                            deriverName = v;
                        }
                    }
                    case "Sig" -> {
                        Signature sig = Signature.parse(v);
                        if (sigs.contains(sig)) {
                            throw error(line, "duplicate Sig");
                        }
                        sigs.add(sig);
                    }
                    case "CA" -> {
                        ContentAddressSyntax.check(v);
                        ca = v;
                    }
                    default -> throw new AssertionError(line.key());
                }
            } catch (FormatException e) {
                if (e.get("object") != null) {
                    throw e;
                }
                throw error(line, "bad " + line.key() + " (" + e.what() + ")", e);
            }
        }

        private void references(KeyValueText.Line line) {
            String v = line.value();
            if (v.isEmpty()) {
                return;
            }
            Set<String> names = new HashSet<>();
            for (String name : v.split(" ", -1)) {
                if (name.isEmpty()) {
                    throw error(line, "References has an empty entry (stray space)");
                }
                StorePath.fromBaseName(name);
                if (!names.add(name)) {
                    throw error(line, "duplicate reference", "reference", name);
                }
                referenceNames.add(name);
            }
        }

        private NixHash sha256(KeyValueText.Line line) {
            NixHash h = NixHash.parse(line.value());
            if (h.algorithm() != HashAlgorithm.SHA256) {
                throw error(line, line.key() + " is not sha256", "algorithm", h.algorithm().nixName());
            }
            return h;
        }

        private long size(KeyValueText.Line line) {
            String v = line.value();
            boolean digits = !v.isEmpty() && v.length() <= 19 && v.chars().allMatch(c -> c >= '0' && c <= '9');
            if (!digits || v.length() > 1 && v.charAt(0) == '0') {
                throw error(line, line.key() + " is not a plain non-negative decimal long");
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw error(line, line.key() + " overflows a long");
            }
        }

        private FormatException error(KeyValueText.Line line, String reason, Object... more) {
            Object[] kv = new Object[4 + more.length];
            kv[0] = "key";
            kv[1] = line.key();
            kv[2] = "value";
            kv[3] = NixHash.abbreviate(line.value());
            System.arraycopy(more, 0, kv, 4, more.length);
            return KeyValueText.error(reason, KIND, object, line.number(), kv);
        }

        private FormatException error(KeyValueText.Line line, String reason, FormatException cause) {
            FormatException e = new FormatException("invalid " + KIND + ": " + reason, cause,
                    "object", object, "line", line.number(), "key", line.key(), "value", NixHash.abbreviate(line.value()));
            for (Map.Entry<String, Object> c : cause.context().entrySet()) {
                e.with(c.getKey(), c.getValue());
            }
            return e;
        }
    }
}
