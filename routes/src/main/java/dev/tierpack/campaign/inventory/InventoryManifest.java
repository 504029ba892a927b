package dev.tierpack.campaign.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The {@code manifest.json} of an S3 Inventory report in CSV format:
 *
 * <pre>
 * {"sourceBucket": "nix-cache", "destinationBucket": "arn:aws:s3:::inv", "version": "2016-11-30",
 *  "creationTimestamp": "1514944800000", "fileFormat": "CSV",
 *  "fileSchema": "Bucket, Key, Size, LastModifiedDate, StorageClass",
 *  "files": [{"key": "inv/nix-cache/cfg/data/1.csv.gz", "size": 2147, "MD5checksum": "f111…"}]}
 * </pre>
 *
 * Only CSV reports are read (ORC and Parquet are rejected). The schema must name {@code Bucket},
 * {@code Key} and {@code Size}; {@code LastModifiedDate}, {@code StorageClass}, {@code IsLatest} and
 * {@code IsDeleteMarker} are used when present, other columns are skipped. Data files are found next
 * to the manifest: the file name of each {@code key} is looked up in the manifest's directory, its
 * {@code data/} subdirectory, and the {@code data/} directory beside it (the layout of an inventory
 * destination synced to disk).
 *
 * @param columns the schema's column names, in order
 */
public record InventoryManifest(Path file, String sourceBucket, List<String> columns, List<DataFile> files) {
    /** Manifests are small; a larger one is not a manifest. */
    public static final long MAX_MANIFEST_SIZE = 64L << 20;

    public InventoryManifest {
        Objects.requireNonNull(file, "file");
        columns = List.copyOf(columns);
        files = List.copyOf(files);
        for (String required : List.of("Bucket", "Key", "Size")) {
            if (!columns.contains(required)) {
                throw new FormatException("inventory schema lacks a required column", "manifest", file,
                        "column", required, "fileSchema", String.join(",", columns));
            }
        }
    }

    /**
     * One data file.
     *
     * @param md5 the MD5 of the (gzip'd) file as the manifest states it, lower-case hex
     */
    public record DataFile(String key, long size, String md5) {
        public DataFile {
            Objects.requireNonNull(key, "key");
            if (!md5.matches("[0-9a-f]{32}")) {
                throw new FormatException("inventory data file MD5 must be 32 hex digits", "key", key, "MD5checksum", md5);
            }
        }

        /** The MD5 as bytes. */
        public byte[] md5Bytes() {
            return HexFormat.of().parseHex(md5);
        }
    }

    /**
     * Reads a manifest.
     *
     * @throws ConfigException if it is missing or unreadable
     * @throws FormatException if it is not an S3 Inventory CSV manifest
     */
    public static InventoryManifest read(Path manifest) {
        JsonNode root;
        try {
            if (Files.size(manifest) > MAX_MANIFEST_SIZE) {
                throw new FormatException("inventory manifest too large", "manifest", manifest, "max", MAX_MANIFEST_SIZE);
            }
            root = new ObjectMapper().readTree(manifest.toFile());
        } catch (NoSuchFileException e) {
            throw new ConfigException("inventory manifest not found", "manifest", manifest);
        } catch (JsonProcessingException e) {
            throw new FormatException("inventory manifest is not JSON", e, "manifest", manifest, "cause", e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read inventory manifest", e, "manifest", manifest, "cause", e.toString());
        }
        if (root == null || !root.isObject()) {
            throw new FormatException("inventory manifest is not a JSON object", "manifest", manifest);
        }
        String format = text(root, "fileFormat", manifest);
        if (!format.equals("CSV")) {
            throw new FormatException("unsupported inventory format: only CSV is read", "manifest", manifest,
                    "fileFormat", format);
        }
        List<String> columns = Arrays.stream(text(root, "fileSchema", manifest).split(",")).map(String::strip).toList();
        JsonNode files = root.get("files");
        if (files == null || !files.isArray() || files.isEmpty()) {
            throw new FormatException("inventory manifest lists no files", "manifest", manifest);
        }
        List<DataFile> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            JsonNode f = files.get(i);
            String where = "files[" + i + "]";
            if (!f.isObject()) {
                throw new FormatException("inventory manifest entry is not an object", "manifest", manifest, "entry", where);
            }
            JsonNode size = f.get("size");
            if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
                throw new FormatException("inventory manifest entry lacks a valid size", "manifest", manifest, "entry", where);
            }
            out.add(new DataFile(text(f, "key", manifest), size.asLong(), text(f, "MD5checksum", manifest).toLowerCase()));
        }
        return new InventoryManifest(manifest, text(root, "sourceBucket", manifest), columns, out);
    }

    /** Where a data file is on disk. */
    public Path locate(DataFile f) {
        String name = f.key().substring(f.key().lastIndexOf('/') + 1);
        Path dir = file.toAbsolutePath().getParent();
        List<Path> candidates = new ArrayList<>(List.of(dir.resolve(name), dir.resolve("data").resolve(name)));
        if (dir.getParent() != null) {
            candidates.add(dir.getParent().resolve("data").resolve(name));
        }
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new ConfigException("inventory data file not found next to the manifest", "manifest", file,
                "key", f.key(), "tried", candidates.toString());
    }

    private static String text(JsonNode node, String field, Path manifest) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new FormatException("inventory manifest lacks a field", "manifest", manifest, "field", field);
        }
        return v.textValue();
    }
}
