package dev.tierpack.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.tier.RequestKind;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request and byte prices by role, against hand-computed amounts from the default table. */
class TariffTest {
    static final long GIB = 1L << 30;
    final Tariff deep = new Tariff(PriceTable.defaults(), StorageClass.STANDARD, StorageClass.DEEP_ARCHIVE);
    final Tariff instant = new Tariff(PriceTable.defaults(), StorageClass.STANDARD, StorageClass.GLACIER_IR);

    static BigDecimal usd(String s) {
        return new BigDecimal(s);
    }

    @Test
    void sourceGetIsTheStandardGetPricePlusEgressPerGb() {
        // 1 GET at $0.0004/1000 + 1 GiB at $0.09/GB
        assertThat(deep.request(Role.SOURCE, RequestKind.GET, 1, GIB)).containsExactly(
                new Charge(LineItem.SOURCE_GET, Money.round(usd("0.0000004"))),
                new Charge(LineItem.SOURCE_EGRESS, Money.round(usd("0.09"))));
        // 1,234,567 bytes: 0.09 * 1234567 / 2^30 = 0.000103480210527... -> 12 places
        assertThat(Charge.total(deep.request(Role.SOURCE, RequestKind.GET_RANGE, 1, 1_234_567)))
                .isEqualByComparingTo("0.000103880211");
        assertThat(deep.request(Role.SOURCE, RequestKind.HEAD, 1, 0))
                .containsExactly(new Charge(LineItem.SOURCE_GET, Money.round(usd("0.0000004"))));
    }

    @Test
    void sourceListPagesAreBilledWithPutClassRequests() {
        assertThat(deep.request(Role.SOURCE, RequestKind.LIST, 1000, 0))
                .containsExactly(new Charge(LineItem.SOURCE_LIST, Money.round(usd("0.005"))));
    }

    @Test
    void theSourceIsNeverWritten() {
        assertThatThrownBy(() -> deep.request(Role.SOURCE, RequestKind.PUT, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never written");
        assertThatThrownBy(() -> deep.request(Role.SOURCE, RequestKind.DELETE, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void coldPutClassRequestsAtTheArchiveClassPrice() {
        // a 512 MiB pack in 16 MiB parts: 34 requests at $0.05/1000 (docs/FORMAT.md section 6)
        long n = Uploads.putClassRequests(512L << 20, 16L << 20);
        assertThat(n).isEqualTo(34);
        assertThat(Charge.total(deep.request(Role.COLD, RequestKind.UPLOAD_PART, n, 0))).isEqualByComparingTo("0.0017");
        assertThat(Charge.total(instant.request(Role.COLD, RequestKind.PUT, 1000, 0))).isEqualByComparingTo("0.02");
    }

    @Test
    void coldReadsPayRetrievalWhereTheClassChargesItAndEgress() {
        // GLACIER_IR: $0.01/1000 GET + $0.03/GB retrieval + $0.09/GB egress
        List<Charge> c = instant.request(Role.COLD, RequestKind.GET_RANGE, 1, GIB);
        assertThat(c).extracting(Charge::item)
                .containsExactly(LineItem.COLD_GET, LineItem.COLD_RETRIEVAL, LineItem.COLD_EGRESS);
        assertThat(Charge.total(c)).isEqualByComparingTo("0.12001");
        // DEEP_ARCHIVE: GET at $0.0004/1000, no GET retrieval fee (restores are priced separately)
        assertThat(Charge.total(deep.request(Role.COLD, RequestKind.GET, 1, GIB))).isEqualByComparingTo("0.0900004");
        assertThat(deep.request(Role.COLD, RequestKind.LIST, 1, 0))
                .containsExactly(new Charge(LineItem.COLD_LIST, Money.round(usd("0.000005"))));
    }

    @Test
    void deletesAreFreeAndWarmRequestsUseTheWarmPrice() {
        assertThat(deep.request(Role.COLD, RequestKind.DELETE, 5, 0)).isEmpty();
        assertThat(deep.request(Role.COLD, RequestKind.ABORT_MULTIPART, 5, 0)).isEmpty();
        assertThat(deep.request(Role.WARM, RequestKind.PUT, 1000, 1 << 20))
                .containsExactly(new Charge(LineItem.WARM_REQUESTS, Money.ZERO));

        PriceTable p = PriceTable.defaults();
        PriceTable pricedWarm = new PriceTable(p.asOf(), p.reference(), p.classes(), p.egressPerGb(),
                new WarmPrices(usd("0.005"), usd("0.001")));
        Tariff t = new Tariff(pricedWarm, StorageClass.STANDARD, StorageClass.DEEP_ARCHIVE);
        assertThat(Charge.total(t.request(Role.WARM, RequestKind.GET_RANGE, 2000, GIB))).isEqualByComparingTo("0.002");
        assertThat(t.request(Role.WARM, RequestKind.DELETE, 1, 0)).isEmpty();
    }

    @Test
    void restoresArePricedPerRequestAndPerGbByTier() {
        // DEEP_ARCHIVE bulk: 2 requests at $0.025/1000 + 1 GiB at $0.0025
        assertThat(deep.restore(RestoreTier.BULK, 2, GIB).usd()).isEqualByComparingTo("0.00255");
        assertThat(deep.restore(RestoreTier.STANDARD, 1000, 10 * GIB).usd()).isEqualByComparingTo("0.3");
        assertThatThrownBy(() -> deep.restore(RestoreTier.EXPEDITED, 1, GIB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EXPEDITED");
        Tariff glacier = new Tariff(PriceTable.defaults(), StorageClass.STANDARD, StorageClass.GLACIER);
        assertThat(glacier.restore(RestoreTier.EXPEDITED, 1, GIB).usd()).isEqualByComparingTo("0.04");
        assertThat(glacier.restore(RestoreTier.BULK, 1000, 100 * GIB).usd()).isEqualByComparingTo("0");
    }

    @Test
    void uploadShapesFollowTheStreamingUpload() {
        long part = 16L << 20;
        assertThat(Uploads.putClassRequests(0, part)).isEqualTo(1);
        assertThat(Uploads.putClassRequests(part, part)).isEqualTo(1);
        assertThat(Uploads.requests(part + 1, part)).containsEntry(RequestKind.INITIATE_MULTIPART, 1L)
                .containsEntry(RequestKind.UPLOAD_PART, 2L).containsEntry(RequestKind.COMPLETE_MULTIPART, 1L);
    }
}
