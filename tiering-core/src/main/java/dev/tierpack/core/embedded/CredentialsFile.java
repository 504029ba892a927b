package dev.tierpack.core.embedded;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.s3.Credentials;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's persisted credentials: a properties file with {@code accessKey=} and
 * {@code secretKey=}, owner read/write only. Created atomically (temp file + rename) so a crash
 * never leaves a half-written secret.
 */
final class CredentialsFile {
    static final String NAME = "credentials.properties";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final Logger log = LoggerFactory.getLogger(CredentialsFile.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialsFile() {}

    static Credentials loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        Credentials fresh = new Credentials("tierpack-" + HexFormat.of().formatHex(randomBytes(6)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(30)));
        Path tmp = file.resolveSibling(NAME + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Properties p = new Properties();
        p.setProperty("accessKey", fresh.accessKey());
        p.setProperty("secretKey", fresh.secretKey());
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "tierpack embedded S3 credentials - keep private");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            return load(file);
        }
        log.info("generated embedded S3 credentials: file={} accessKey={}", file, fresh.accessKey());
        return fresh;
    }

    private static Credentials load(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
            log.warn("credentials file was accessible to others; restricting to owner: file={} permissions={}",
                    file, PosixFilePermissions.toString(perms));
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String access = p.getProperty("accessKey", "").strip();
        String secret = p.getProperty("secretKey", "").strip();
        if (access.isEmpty() || secret.isEmpty()) {
            throw new ConfigException("credentials file lacks accessKey or secretKey", "file", file);
        }
        return new Credentials(access, secret);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
