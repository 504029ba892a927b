package dev.tierpack.campaign.inventory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an S3 Inventory CSV report the way S3 lays it out: {@code <dest>/<bucket>/<config>/<date>/manifest.json}
 * and gzip'd data files in {@code <dest>/<bucket>/<config>/data/}, every field quoted, keys URL-encoded.
 */
public final class InventoryFixture {
    public static final String SCHEMA = "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass";

    private final Path root;
    private final String bucket;
    private final List<List<String>> files = new ArrayList<>();
    private String schema = SCHEMA;
    private String format = "CSV";

    public InventoryFixture(Path root, String bucket) {
        this.root = root;
        this.bucket = bucket;
        files.add(new ArrayList<>());
    }

    /** Starts a new data file for the rows that follow. */
    public InventoryFixture nextFile() {
        files.add(new ArrayList<>());
        return this;
    }

    public InventoryFixture schema(String s) {
        this.schema = s;
        return this;
    }

    public InventoryFixture format(String f) {
        this.format = f;
        return this;
    }

    /** A row of the default schema for a current object. */
    public InventoryFixture object(String encodedKey, long size, String storageClass) {
        return row(bucket, encodedKey, "v1", "true", "false", Long.toString(size), "2025-05-01T12:00:00.000Z",
                "d41d8cd98f00b204e9800998ecf8427e", storageClass);
    }

    /** A raw row: fields quoted and joined as given. */
    public InventoryFixture row(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            sb.append(sb.isEmpty() ? "" : ",").append('"').append(f.replace("\"", "\"\"")).append('"');
        }
        return line(sb.toString());
    }

    public InventoryFixture line(String csv) {
        files.getLast().add(csv);
        return this;
    }

    /** Writes the report; returns the manifest. */
    public Path write() {
        try {
            Path config = root.resolve(bucket).resolve("tierpack-inventory");
            Path data = Files.createDirectories(config.resolve("data"));
            Path dated = Files.createDirectories(config.resolve("2025-06-01T01-00Z"));
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < files.size(); i++) {
                byte[] gz = gzip(String.join("\n", files.get(i)) + "\n");
                String name = "part-" + i + ".csv.gz";
                Files.write(data.resolve(name), gz);
                list.append(i == 0 ? "" : ",").append("""
                        {"key": "%s/tierpack-inventory/data/%s", "size": %d, "MD5checksum": "%s"}"""
                        .formatted(bucket, name, gz.length, md5(gz)));
            }
            Path manifest = dated.resolve("manifest.json");
            Files.writeString(manifest, """
                    {"sourceBucket": "%s", "destinationBucket": "arn:aws:s3:::inventory", "version": "2016-11-30",
                     "creationTimestamp": "1748739600000", "fileFormat": "%s", "fileSchema": "%s",
                     "files": [%s]}
                    """.formatted(bucket, format, schema, list));
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
