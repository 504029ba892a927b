package dev.tierpack.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.TierObjectNotFoundException;
import dev.tierpack.core.testing.FaultyS3Proxy.Request;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MeteredTier} counts exactly: each count is checked against the requests that actually
 * reached the server (the proxy's log), on both backends.
 */
class MeteredTierTest extends ProxyFixture {
    @Override
    String bucket() {
        return "metered";
    }

    record Call(String tier, RequestKind kind, long bytes) {}

    private final List<Call> calls = new ArrayList<>();
    private final RequestCounter counter = new RequestCounter();

    private Tier metered(ProxiedTiers backend) {
        return new MeteredTier(viaProxy(backend), (tier, kind, bytes) -> {
            calls.add(new Call(tier, kind, bytes));
            counter.onRequest(tier, kind, bytes);
        });
    }

    private static String key(ProxiedTiers backend, String name) {
        return backend.name().toLowerCase() + "/" + name;
    }

    @ParameterizedTest
    @EnumSource(ProxiedTiers.class)
    void aSmallObjectIsOnePut(ProxiedTiers backend) {
        try (Tier t = metered(backend)) {
            TierContract.put(t, key(backend, "small"), TestData.bytes(1, 0, 1234));
            assertThat(calls).containsExactly(new Call(t.name(), RequestKind.PUT, 1234));
        }
        assertThat(proxy.requests()).hasSize(1).allMatch(Request::isPutObject);
    }

    @ParameterizedTest
    @EnumSource(ProxiedTiers.class)
    void aMultipartUploadOfNPartsIsNPlusTwoPutClassRequests(ProxiedTiers backend) throws IOException {
        long size = 3L * 5 * MIB + 1;
        try (Tier t = metered(backend); Upload up = t.upload(key(backend, "four-parts"))) {
            TestData.write(2, size, up.stream(), new byte[MIB]);
            up.commit();
        }
        assertThat(counter.snapshot()).isEqualTo(Map.of(
                RequestKind.INITIATE_MULTIPART, 1L, RequestKind.UPLOAD_PART, 4L, RequestKind.COMPLETE_MULTIPART, 1L));
        assertThat(counter.requests(RequestKind.Group.PUT_CLASS)).isEqualTo(4 + 2);
        assertThat(counter.bytes(RequestKind.UPLOAD_PART)).isEqualTo(size);
        assertThat(counter.bytesOut()).isEqualTo(size);
        assertThat(calls.stream().filter(c -> c.kind() == RequestKind.UPLOAD_PART).map(Call::bytes))
                .containsExactly(5L * MIB, 5L * MIB, 5L * MIB, 1L);
        assertThat(proxy.requests(Request::isUploadPart)).hasSize(4);
        assertThat(proxy.requests()).hasSize(6);
    }

    @ParameterizedTest
    @EnumSource(ProxiedTiers.class)
    void anAbortedUploadCountsItsAbort(ProxiedTiers backend) throws IOException {
        try (Tier t = metered(backend); Upload up = t.upload(key(backend, "aborted"))) {
            TestData.write(3, 5L * MIB + 1, up.stream(), new byte[MIB]); // one part sent
        }
        assertThat(counter.snapshot()).isEqualTo(Map.of(
                RequestKind.INITIATE_MULTIPART, 1L, RequestKind.UPLOAD_PART, 1L, RequestKind.ABORT_MULTIPART, 1L));
        assertThat(counter.requests(RequestKind.Group.DELETE)).isEqualTo(1);
        assertThat(proxy.requests(Request::isAbort)).hasSize(1);
        assertThat(proxy.requests()).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(ProxiedTiers.class)
    void readsCountOneGetWithTheBytesReceived(ProxiedTiers backend) throws IOException {
        String key = key(backend, "read");
        try (Tier d = direct(backend)) {
            TierContract.put(d, key, TestData.bytes(4, 0, 100_000));
        }
        try (Tier t = metered(backend)) {
            assertThat(TierContract.readRange(t, key, 1000, 5000)).isEqualTo(TestData.bytes(4, 1000, 5000));
            assertThat(TierContract.read(t, key)).hasSize(100_000);
            try (InputStream in = t.read(key)) {
                in.readNBytes(10); // closed early
            }
            assertThatThrownBy(() -> t.read(key + "-missing")).isInstanceOf(TierObjectNotFoundException.class);
            assertThat(calls).containsExactly(
                    new Call(t.name(), RequestKind.GET_RANGE, 5000),
                    new Call(t.name(), RequestKind.GET, 100_000),
                    new Call(t.name(), RequestKind.GET, 10),
                    new Call(t.name(), RequestKind.GET, 0));
            assertThat(counter.requests(RequestKind.Group.GET_CLASS)).isEqualTo(4);
            assertThat(counter.bytesIn()).isEqualTo(5000 + 100_000 + 10);
            assertThat(counter.bytesOut()).isZero();
        }
        assertThat(proxy.requests(Request::isRangeGet)).hasSize(1);
        assertThat(proxy.requests(Request::isGet)).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(ProxiedTiers.class)
    void eachListPageIsOneList(ProxiedTiers backend) {
        try (Tier d = direct(backend)) {
            for (int i = 0; i < 7; i++) {
                TierContract.put(d, key(backend, "list/" + i), new byte[] {(byte) i});
            }
        }
        try (Tier t = metered(backend)) { // page size 2: 7 keys in 4 pages
            assertThat(TierContract.drain(t.list(key(backend, "list/"), null))).hasSize(7);
            assertThat(counter.requests(RequestKind.LIST)).isEqualTo(4);
            assertThat(TierContract.drain(t.list(key(backend, "list/"), key(backend, "list/4")))).hasSize(2);
            assertThat(counter.requests(RequestKind.LIST)).isEqualTo(5);
            assertThat(TierContract.drain(t.list(key(backend, "none/"), null))).isEmpty();
            assertThat(counter.requests(RequestKind.LIST)).isEqualTo(6);
        }
        assertThat(proxy.requests(Request::isList)).hasSize(6);
        assertThat(proxy.requests()).hasSize(6);
    }

    @ParameterizedTest
    @EnumSource(ProxiedTiers.class)
    void headAndDeleteAreOneEach(ProxiedTiers backend) {
        String key = key(backend, "hd");
        try (Tier d = direct(backend)) {
            TierContract.put(d, key, new byte[3]);
        }
        try (Tier t = metered(backend)) {
            assertThat(t.stat(key)).isPresent();
            assertThat(t.stat(key + "-missing")).isEmpty();
            t.delete(key);
        }
        assertThat(counter.snapshot()).isEqualTo(Map.of(RequestKind.HEAD, 2L, RequestKind.DELETE, 1L));
        assertThat(proxy.requests()).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(ProxiedTiers.class)
    void aFailingListenerDoesNotFailTheRequest(ProxiedTiers backend) {
        try (Tier t = new MeteredTier(viaProxy(backend), (tier, kind, bytes) -> {
            throw new IllegalStateException("ledger down");
        })) {
            assertThat(t.stat(key(backend, "x"))).isEmpty();
        }
    }
}
