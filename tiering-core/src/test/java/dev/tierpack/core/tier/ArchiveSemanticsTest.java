package dev.tierpack.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.cost.RestoreTier;
import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.error.TierException;
import dev.tierpack.core.error.TierObjectNotFoundException;
import dev.tierpack.core.testing.ArchiveS3Layer;
import dev.tierpack.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive-specific contract: what the cold implementation ({@link S3Tier}, real AWS SDK calls) does against AWS's
 * documented archive behaviour ({@link ArchiveS3Layer}), and what a tier without archive classes ({@link MinioTier})
 * answers to the same calls.
 */
class ArchiveSemanticsTest {
    static final int MIB = 1024 * 1024;
    static final String BUCKET = "archive";

    @TempDir
    static Path dir;

    static EmbeddedS3 server;
    static ArchiveS3Layer layer;
    String p;

    @BeforeAll
    static void start() {
        server = EmbeddedS3.start(dir, 0);
        server.createBucketIfMissing(BUCKET);
        layer = ArchiveS3Layer.start(server, MutableClock.startingNow());
    }

    @AfterAll
    static void stop() {
        layer.close();
        server.close();
    }

    @BeforeEach
    void prefix(TestInfo info) {
        p = info.getTestMethod().orElseThrow().getName() + "/";
    }

    private static Tier cold(String storageClass) {
        return S3Tier.builder("cold", BUCKET).endpoint(layer.endpoint()).pathStyle(true)
                .credentials(server.credentials().provider()).storageClass(storageClass).partSize(5 * MIB).build();
    }

    @Test
    void archivedObjectNeedsARestoreThenReadsUntilItsCopyExpires() {
        try (Tier t = cold("DEEP_ARCHIVE")) {
            assertThat(t.archival()).isTrue();
            byte[] content = TestData.bytes(1, 0, 5000);
            TierContract.put(t, p + "pack", content);

            RestoreStatus before = t.restoreStatus(p + "pack");
            assertThat(before.state()).isEqualTo(RestoreStatus.State.ARCHIVED);
            assertThat(before.storageClass()).isEqualTo("DEEP_ARCHIVE");
            assertThat(before.size()).isEqualTo(5000);
            assertThat(before.readable()).isFalse();
            assertThatThrownBy(() -> t.read(p + "pack")).isInstanceOfSatisfying(TierException.class, e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.code()).isEqualTo("InvalidObjectState");
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("key=" + p + "pack");
            });
            assertThatThrownBy(() -> t.readRange(p + "pack", 10, 10)).isInstanceOfSatisfying(TierException.class,
                    e -> assertThat(e.code()).isEqualTo("InvalidObjectState"));

            assertThat(t.requestRestore(p + "pack", RestoreTier.STANDARD, 2)).isEqualTo(RestoreStart.STARTED);
            assertThat(t.restoreStatus(p + "pack").state()).isEqualTo(RestoreStatus.State.IN_PROGRESS);
            assertThat(t.requestRestore(p + "pack", RestoreTier.STANDARD, 2)).isEqualTo(RestoreStart.ALREADY_IN_PROGRESS);
            assertThatThrownBy(() -> t.read(p + "pack")).isInstanceOf(TierException.class);

            Duration delay = layer.delay(RestoreTier.STANDARD);
            layer.clock().advance(delay.minusSeconds(1));
            assertThat(t.restoreStatus(p + "pack").state()).isEqualTo(RestoreStatus.State.IN_PROGRESS);
            layer.clock().advance(Duration.ofSeconds(1));
            Instant readyAt = layer.clock().instant();
            RestoreStatus available = t.restoreStatus(p + "pack");
            assertThat(available.state()).isEqualTo(RestoreStatus.State.AVAILABLE);
            assertThat(available.readable()).isTrue();
            // AWS: completion + days, rounded up to the next midnight UTC
            Instant expected = readyAt.plus(Duration.ofDays(2)).atZone(ZoneOffset.UTC).toLocalDate().plusDays(1)
                    .atTime(LocalTime.MIDNIGHT).toInstant(ZoneOffset.UTC);
            assertThat(available.availableUntil()).isEqualTo(expected);
            assertThat(TierContract.read(t, p + "pack")).isEqualTo(content);
            assertThat(TierContract.readRange(t, p + "pack", 100, 50)).isEqualTo(TestData.bytes(1, 100, 50));
            assertThat(t.requestRestore(p + "pack", RestoreTier.STANDARD, 2)).isEqualTo(RestoreStart.ALREADY_AVAILABLE);

            layer.clock().advance(Duration.between(layer.clock().instant(), available.availableUntil()));
            assertThat(t.restoreStatus(p + "pack").state()).isEqualTo(RestoreStatus.State.ARCHIVED);
            assertThatThrownBy(() -> t.read(p + "pack")).isInstanceOf(TierException.class);

            List<ArchiveS3Layer.RestoreCall> calls = layer.restoreCalls().stream()
                    .filter(c -> c.key().equals(p + "pack")).toList();
            assertThat(calls).extracting(ArchiveS3Layer.RestoreCall::status).containsExactly(202, 409, 200);
            assertThat(calls).allSatisfy(c -> {
                assertThat(c.tier()).isEqualTo(RestoreTier.STANDARD);
                assertThat(c.days()).isEqualTo(2);
            });
        }
    }

    @Test
    void restoringAMissingOrNonArchivedObjectFailsNamingTheKey() {
        try (Tier t = cold("DEEP_ARCHIVE"); Tier std = cold("STANDARD"); Tier ir = cold("GLACIER_IR")) {
            assertThatThrownBy(() -> t.requestRestore(p + "missing", RestoreTier.BULK, 1))
                    .isInstanceOf(TierObjectNotFoundException.class).hasMessageContaining("key=" + p + "missing");
            assertThatThrownBy(() -> t.restoreStatus(p + "missing")).isInstanceOf(TierObjectNotFoundException.class);

            TierContract.put(std, p + "plain", new byte[10]);
            assertThat(std.archival()).isFalse();
            assertThat(std.restoreStatus(p + "plain").state()).isEqualTo(RestoreStatus.State.NOT_ARCHIVED);
            assertThatThrownBy(() -> std.requestRestore(p + "plain", RestoreTier.BULK, 1))
                    .isInstanceOfSatisfying(TierException.class, e -> assertThat(e.code()).isEqualTo("InvalidObjectState"));

            TierContract.put(ir, p + "instant", TestData.bytes(2, 0, 10));
            assertThat(ir.archival()).as("GLACIER_IR is read without a restore").isFalse();
            assertThat(ir.restoreStatus(p + "instant").state()).isEqualTo(RestoreStatus.State.NOT_ARCHIVED);
            assertThat(TierContract.read(ir, p + "instant")).isEqualTo(TestData.bytes(2, 0, 10));
        }
    }

    @Test
    void overwritingAnArchivedObjectDropsItsRestoredCopy() {
        try (Tier t = cold("GLACIER")) {
            TierContract.put(t, p + "k", new byte[10]);
            t.requestRestore(p + "k", RestoreTier.EXPEDITED, 1);
            layer.clock().advance(layer.delay(RestoreTier.EXPEDITED));
            assertThat(t.restoreStatus(p + "k").state()).isEqualTo(RestoreStatus.State.AVAILABLE);
            TierContract.put(t, p + "k", new byte[20]);
            assertThat(t.restoreStatus(p + "k").state()).isEqualTo(RestoreStatus.State.ARCHIVED);
        }
    }

    @Test
    void archivalUploadsSendContentMd5OnEveryPutAndPartAndCheckTheEtags() throws IOException {
        try (Tier t = cold("DEEP_ARCHIVE")) {
            int before = layer.putRequests().size();
            byte[] small = TestData.bytes(3, 0, 1000);
            TierContract.put(t, p + "small", small);
            TierObject big;
            try (Upload up = t.upload(p + "big")) {
                TestData.write(4, 11L * MIB, up.stream(), new byte[MIB]);
                big = up.commit(); // S3Tier checked the multipart ETag against its parts' MD5s
            }
            assertThat(big.etag()).endsWith("-3");
            List<Map<String, String>> puts = layer.putRequests().subList(before, layer.putRequests().size());
            assertThat(puts).hasSize(4).allSatisfy(h -> assertThat(h.get("content-md5")).isNotBlank());
            assertThat(puts.getFirst().get("content-md5"))
                    .isEqualTo(Base64.getEncoder().encodeToString(md5(small)));
        }
        try (Tier std = cold("STANDARD")) {
            int before = layer.putRequests().size();
            TierContract.put(std, p + "std", new byte[10]);
            assertThat(layer.putRequests().subList(before, layer.putRequests().size()))
                    .allSatisfy(h -> assertThat(h.get("content-md5")).as("only archival tiers pay for MD5").isNull());
        }
    }

    @Test
    void anEtagThatIsNotTheMd5SentFailsTheArchivalUpload() throws IOException {
        try (Tier t = cold("DEEP_ARCHIVE")) {
            layer.answerWrongEtagOnNextPuts(1);
            assertThatThrownBy(() -> TierContract.put(t, p + "single", TestData.bytes(5, 0, 1000)))
                    .isInstanceOf(dev.tierpack.core.error.IntegrityException.class)
                    .hasMessageContaining("key=" + p + "single").hasMessageContaining("op=put");

            layer.answerWrongEtagOnNextPuts(1);
            try (Upload up = t.upload(p + "parts")) {
                assertThatThrownBy(() -> {
                    TestData.write(6, 11L * MIB, up.stream(), new byte[MIB]);
                    up.commit();
                }).satisfies(e -> assertThat(e).hasStackTraceContaining("IntegrityException")
                        .hasStackTraceContaining("key=" + p + "parts"));
            }
            assertThat(t.stat(p + "parts")).as("a failed multipart upload is aborted").isEmpty();
        }
    }

    @Test
    void aTierWithoutArchiveClassesReportsNotArchivedAndRefusesRestores() {
        try (Tier warm = MinioTier.builder("warm", server.endpoint(), BUCKET).credentials(server.credentials())
                .partSize(5 * MIB).build()) {
            TierContract.put(warm, p + "w", new byte[3]);
            assertThat(warm.archival()).isFalse();
            RestoreStatus s = warm.restoreStatus(p + "w");
            assertThat(s.state()).isEqualTo(RestoreStatus.State.NOT_ARCHIVED);
            assertThat(s.size()).isEqualTo(3);
            assertThatThrownBy(() -> warm.requestRestore(p + "w", RestoreTier.BULK, 1))
                    .isInstanceOfSatisfying(TierException.class, e -> {
                        assertThat(e.code()).isEqualTo("NotArchival");
                        assertThat(e.getMessage()).contains("tier=warm", "key=" + p + "w");
                    });
            assertThatThrownBy(() -> warm.restoreStatus(p + "none")).isInstanceOf(TierObjectNotFoundException.class);
        }
    }

    @Test
    void restoreHeaderParsesAwsForms() {
        assertThat(RestoreStatus.fromHead("k", "DEEP_ARCHIVE", 1, null).state()).isEqualTo(RestoreStatus.State.ARCHIVED);
        assertThat(RestoreStatus.fromHead("k", "GLACIER", 1, "ongoing-request=\"true\"").state())
                .isEqualTo(RestoreStatus.State.IN_PROGRESS);
        RestoreStatus s = RestoreStatus.fromHead("k", "GLACIER", 1,
                "ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2012 00:00:00 GMT\"");
        assertThat(s.availableUntil()).isEqualTo(Instant.parse("2012-12-21T00:00:00Z"));
        assertThat(s.header()).isEqualTo("ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2012 00:00:00 GMT\"");
        assertThat(RestoreStatus.fromHead("k", "STANDARD", 1, "ongoing-request=\"true\"").state())
                .isEqualTo(RestoreStatus.State.NOT_ARCHIVED);
        assertThatThrownBy(() -> RestoreStatus.fromHead("k", "GLACIER", 1, "garbage"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=k");
    }

    private static byte[] md5(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
