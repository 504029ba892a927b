package dev.tierpack.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.testing.FaultyS3Proxy.Request;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A cold {@link S3Tier} sends its storage class with every object it creates, and only there. */
class S3TierStorageClassTest extends ProxyFixture {
    @Override
    String bucket() {
        return "cold";
    }

    private Tier cold(String storageClass) {
        return S3Tier.builder("cold", bucket()).endpoint(proxy.endpoint()).pathStyle(true)
                .credentials(server.credentials().provider()).storageClass(storageClass).partSize(5 * MIB).build();
    }

    @Test
    void deepArchiveIsSentOnPutAndInitiateButNotOnParts() throws IOException {
        try (Tier t = cold("DEEP_ARCHIVE")) {
            TierObject small = TierContract.put(t, "small", TestData.bytes(1, 0, 100));
            TierObject big;
            try (Upload up = t.upload("big")) {
                TestData.write(2, 6L * MIB, up.stream(), new byte[MIB]);
                big = up.commit();
            }
            assertThat(small.storageClass()).isEqualTo("DEEP_ARCHIVE");
            assertThat(big.storageClass()).isEqualTo("DEEP_ARCHIVE");

            assertThat(proxy.requests(Request::isPutObject)).singleElement()
                    .extracting(r -> r.header("x-amz-storage-class")).isEqualTo("DEEP_ARCHIVE");
            assertThat(proxy.requests(Request::isInitiate)).singleElement()
                    .extracting(r -> r.header("x-amz-storage-class")).isEqualTo("DEEP_ARCHIVE");
            assertThat(proxy.requests(Request::isUploadPart)).hasSize(2)
                    .allSatisfy(r -> assertThat(r.header("x-amz-storage-class")).isNull());

            // and the server keeps it (S3Proxy's file-system backend stores it with the blob)
            assertThat(t.stat("small").orElseThrow().storageClass()).isEqualTo("DEEP_ARCHIVE");
            assertThat(t.stat("big").orElseThrow().storageClass()).isEqualTo("DEEP_ARCHIVE");
            assertThat(TierContract.drain(t.list("", null))).extracting(TierObject::storageClass)
                    .containsExactly("DEEP_ARCHIVE", "DEEP_ARCHIVE");
        }
    }

    @Test
    void standardSendsNoStorageClassHeader() {
        try (Tier t = cold("STANDARD")) {
            assertThat(TierContract.put(t, "std", new byte[10]).storageClass()).isNull();
        }
        assertThat(proxy.requests(Request::isPutObject)).singleElement()
                .extracting(r -> r.header("x-amz-storage-class")).isNull();
    }

    @Test
    void unknownStorageClassIsAConfigError() {
        assertThatThrownBy(() -> cold("FROZEN")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("storageClass=FROZEN").hasMessageContaining("tier=cold");
    }
}
