package dev.tierpack.campaign.inventory;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.error.IntegrityException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams the current objects of an S3 Inventory CSV report, file after file, one line at a time
 * (memory does not grow with the report). Each gzip'd data file is checked against the manifest's
 * size and MD5; rows are checked against the schema. Non-current versions ({@code IsLatest=false})
 * and delete markers are skipped. Keys are URL-decoded (the CSV format encodes them).
 *
 * <p>Errors: a malformed row or file is a {@link FormatException}, an MD5 or size mismatch an
 * {@link IntegrityException}, each naming the data file and line.
 */
public final class InventoryReader implements Iterator<InventoryObject>, AutoCloseable {
    /** Longest CSV line accepted (a 1024-byte key URL-encoded is at most ~3 KiB). */
    public static final int MAX_LINE = 64 << 10;

    private final InventoryManifest manifest;
    private final int bucketCol;
    private final int keyCol;
    private final int sizeCol;
    private final int modifiedCol;
    private final int classCol;
    private final int latestCol;
    private final int deleteMarkerCol;
    private int fileIndex = -1;
    private Path current;
    private DigestInputStream digest;
    private InputStream raw;
    private BufferedReader lines;
    private long lineNo;
    private InventoryObject next;

    public InventoryReader(InventoryManifest manifest) {
        this.manifest = manifest;
        List<String> c = manifest.columns();
        bucketCol = c.indexOf("Bucket");
        keyCol = c.indexOf("Key");
        sizeCol = c.indexOf("Size");
        modifiedCol = c.indexOf("LastModifiedDate");
        classCol = c.indexOf("StorageClass");
        latestCol = c.indexOf("IsLatest");
        deleteMarkerCol = c.indexOf("IsDeleteMarker");
    }

    /** Opens the manifest at {@code manifestJson} and reads its report. */
    public static InventoryReader open(Path manifestJson) {
        return new InventoryReader(InventoryManifest.read(manifestJson));
    }

    public InventoryManifest manifest() {
        return manifest;
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null) {
                if (lines == null && !openNextFile()) {
                    return false;
                }
                String line = readLine();
                if (line == null) {
                    finishFile();
                    continue;
                }
                if (!line.isEmpty()) {
                    next = row(line);
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("reading inventory file " + current, e);
        }
    }

    @Override
    public InventoryObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        InventoryObject o = next;
        next = null;
        return o;
    }

    private boolean openNextFile() throws IOException {
        if (++fileIndex >= manifest.files().size()) {
            return false;
        }
        InventoryManifest.DataFile f = manifest.files().get(fileIndex);
        current = manifest.locate(f);
        long size = Files.size(current);
        if (size != f.size()) {
            throw new IntegrityException("inventory data file size differs from the manifest", "file", current,
                    "expected", f.size(), "actual", size);
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        raw = Files.newInputStream(current);
        digest = new DigestInputStream(raw, md5);
        try {
            lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(digest, 64 << 10), StandardCharsets.UTF_8));
        } catch (ZipException e) {
            close();
            throw new FormatException("inventory data file is not gzip'd CSV", e, "file", current);
        }
        lineNo = 0;
        return true;
    }

    /** Reads one line, refusing lines longer than {@link #MAX_LINE}. */
    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder(256);
        int ch;
        try {
            while ((ch = lines.read()) >= 0) {
                if (ch == '\n') {
                    lineNo++;
                    return stripCr(sb);
                }
                if (sb.length() >= MAX_LINE) {
                    throw new FormatException("inventory line too long", "file", current, "line", lineNo + 1, "max", MAX_LINE);
                }
                sb.append((char) ch);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new FormatException("corrupt gzip stream in inventory data file", e, "file", current, "line", lineNo + 1);
        }
        if (sb.isEmpty()) {
            return null;
        }
        lineNo++;
        return stripCr(sb);
    }

    private static String stripCr(StringBuilder sb) {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
    }

    private void finishFile() throws IOException {
        byte[] buf = new byte[8192];
        while (digest.read(buf) >= 0) {
            // the gzip reader may stop before the end of the file; hash every byte
        }
        byte[] actual = digest.getMessageDigest().digest();
        InventoryManifest.DataFile f = manifest.files().get(fileIndex);
        Path file = current;
        closeFile();
        if (!Arrays.equals(actual, f.md5Bytes())) {
            throw new IntegrityException("inventory data file MD5 differs from the manifest", "file", file,
                    "expected", f.md5(), "actual", HexFormat.of().formatHex(actual));
        }
    }

    private InventoryObject row(String line) {
        List<String> fields = parseCsv(line);
        if (fields.size() != manifest.columns().size()) {
            throw new FormatException("inventory row does not match the schema", "file", current, "line", lineNo,
                    "fields", fields.size(), "expected", manifest.columns().size());
        }
        if (latestCol >= 0 && fields.get(latestCol).equals("false")
                || deleteMarkerCol >= 0 && fields.get(deleteMarkerCol).equals("true")) {
            return null;
        }
        String bucket = fields.get(bucketCol);
        if (!bucket.equals(manifest.sourceBucket())) {
            throw new FormatException("inventory row of another bucket", "file", current, "line", lineNo,
                    "bucket", bucket, "expected", manifest.sourceBucket());
        }
        String key;
        try {
            key = URLDecoder.decode(fields.get(keyCol), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new FormatException("inventory key is not URL-encoded", "file", current, "line", lineNo);
        }
        long size;
        try {
            size = Long.parseLong(fields.get(sizeCol));
        } catch (NumberFormatException e) {
            throw new FormatException("inventory size is not a number", "file", current, "line", lineNo,
                    "value", fields.get(sizeCol));
        }
        if (size < 0) {
            throw new FormatException("negative size in inventory", "file", current, "line", lineNo, "value", size);
        }
        Instant modified = null;
        if (modifiedCol >= 0 && !fields.get(modifiedCol).isEmpty()) {
            try {
                modified = Instant.parse(fields.get(modifiedCol));
            } catch (DateTimeParseException e) {
                throw new FormatException("inventory LastModifiedDate is not ISO-8601", "file", current, "line", lineNo,
                        "value", fields.get(modifiedCol));
            }
        }
        String cls = classCol >= 0 ? fields.get(classCol) : null;
        return new InventoryObject(bucket, key, size, modified, cls == null || cls.isEmpty() ? null : cls);
    }

    /** RFC 4180 fields: quoted ({@code "a,b"}, {@code ""} for a quote) or bare; no line breaks inside. */
    List<String> parseCsv(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            StringBuilder f = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new FormatException("unterminated quoted field in inventory", "file", current, "line", lineNo);
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            f.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        f.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new FormatException("garbage after quoted field in inventory", "file", current, "line", lineNo,
                            "column", i + 1);
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new FormatException("quote inside a bare field in inventory", "file", current, "line", lineNo);
                    }
                    f.append(c);
                }
            }
            out.add(f.toString());
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
    }

    private void closeFile() throws IOException {
        try {
            if (lines != null) {
                lines.close();
            } else if (raw != null) {
                raw.close();
            }
        } finally {
            lines = null;
            raw = null;
            digest = null;
        }
    }

    @Override
    public void close() {
        try {
            closeFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
