package dev.tierpack.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.SourceException;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.BinaryCacheSources;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.core.testing.Corpus;
import dev.tierpack.core.tier.RequestKind;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file:// source priced as the S3 bucket it stands for. */
class MeteredSourceTest {
    final CostMeter meter = CostMeter.builder(new Tariff(PriceTable.defaults(), StorageClass.STANDARD,
            StorageClass.DEEP_ARCHIVE), "demo").source("source").build();

    static long filesUnder(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aListingCostsOneListPerStartedPage() throws Exception {
        long objects = filesUnder(Corpus.cache());
        try (BinaryCacheSource src = new MeteredSource(BinaryCacheSources.open(Corpus.cache().toUri().toString()), meter, 10)) {
            long n = 0;
            for (Iterator<SourceObject> it = src.list(null); it.hasNext(); it.next()) {
                n++;
            }
            assertThat(n).isEqualTo(objects);
        }
        assertThat(meter.snapshot().endpoints().get("source").requests(RequestKind.LIST))
                .isEqualTo(Math.ceilDiv(objects, 10));
    }

    @Test
    void anEmptyListingIsStillOneRequest(@TempDir Path empty) {
        try (BinaryCacheSource src = new MeteredSource(BinaryCacheSources.open(empty.toUri().toString()), meter, 1000)) {
            assertThat(src.list(null).hasNext()).isFalse();
        }
        assertThat(meter.snapshot().endpoints().get("source").requests(RequestKind.LIST)).isEqualTo(1);
    }

    @Test
    void aGetIsChargedWithTheBytesActuallyRead() throws Exception {
        Path nar = Corpus.nars().getFirst();
        String key = "nar/" + nar.getFileName();
        long size = Files.size(nar);
        try (BinaryCacheSource src = new MeteredSource(BinaryCacheSources.open(Corpus.cache().toUri().toString()), meter, 1000)) {
            try (InputStream in = src.open(key)) {
                assertThat(in.readAllBytes()).hasSize((int) size);
            }
            try (InputStream in = src.openRange(key, 0, 10)) {
                assertThat(in.readAllBytes()).hasSize(10);
            }
            assertThat(src.head(key)).isPresent();
            assertThatThrownBy(() -> src.open("nar/missing.nar.xz")).isInstanceOf(SourceException.class);
        }
        CostTotals t = meter.snapshot();
        CostTotals.Endpoint e = t.endpoints().get("source");
        assertThat(e.requests(RequestKind.GET)).isEqualTo(2); // the failed GET is billed too
        assertThat(e.requests(RequestKind.GET_RANGE)).isEqualTo(1);
        assertThat(e.requests(RequestKind.HEAD)).isEqualTo(1);
        assertThat(e.bytesIn()).isEqualTo(size + 10);
        assertThat(t.costUsd().get("source.egress")).isEqualByComparingTo(
                Money.perGb(new java.math.BigDecimal("0.09"), size).add(Money.perGb(new java.math.BigDecimal("0.09"), 10)));
        assertThat(t.costUsd().get("source.get")).isEqualByComparingTo("0.0000016"); // 4 GET-class at $0.0004/1000
    }
}
