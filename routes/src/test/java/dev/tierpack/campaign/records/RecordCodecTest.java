package dev.tierpack.campaign.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
    static final String HASH = "0ywk3g8zl3qj7jxpbidq5j7025zpab8z";

    static WorkRecord corpusRecord() throws Exception {
        Path p = Corpus.narinfos().get(0);
        String key = p.getFileName().toString();
        String text = Files.readString(p);
        return WorkRecord.of(NarInfo.parse(text, key), key, Files.size(p), text, key.replace(".narinfo", ".ls"));
    }

    @Test
    void workRecordsRoundTripWithTheNarinfoTextAndArePartitionedByPackageName() throws Exception {
        WorkRecord w = corpusRecord();
        byte[] json = RecordCodec.encode(w);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"v\":1,");
        WorkRecord back = RecordCodec.work(json, "work/0@7");
        assertThat(back).isEqualTo(w);
        assertThat(back.narinfo()).isEqualTo(Files.readString(Corpus.narinfos().get(0)));
        NarInfo info = NarInfo.parse(back.narinfo(), back.narinfoKey());
        assertThat(back.partitionKey()).isEqualTo(info.storePath().packageName());
        assertThat(back.hashPart()).isEqualTo(info.storePath().hashPart());
        assertThat(back.narKey()).isEqualTo(info.url());
        assertThat(back.narSize()).isEqualTo(info.narSize());
    }

    @Test
    void progressEventsCheckpointsAndTotalsRoundTrip() {
        ProgressEvent published = ProgressEvent.published(HASH, "/nix/store/" + HASH + "-hello-2.12", HASH + ".narinfo",
                1234, 567, 10, 4, 4096, 1_700_000_000_000L);
        ProgressEvent quarantined = ProgressEvent.quarantined(HASH, null, HASH + ".narinfo", 0, "corrupt narinfo", 1L);
        ListerCheckpoint cp = new ListerCheckpoint("nar/x.nar.xz", HASH, 3, 300, 123456, 100, 98, 2, false);
        WorkerTotals totals = new WorkerTotals(98, 2, 1_000_000, 4);
        assertThat(RecordCodec.progress(RecordCodec.encode(published), "p")).isEqualTo(published);
        assertThat(RecordCodec.progress(RecordCodec.encode(quarantined), "p")).isEqualTo(quarantined);
        assertThat(RecordCodec.checkpoint(RecordCodec.encode(cp), "c")).isEqualTo(cp);
        assertThat(RecordCodec.checkpoint(RecordCodec.encode(ListerCheckpoint.START), "c")).isEqualTo(ListerCheckpoint.START);
        assertThat(RecordCodec.totals(RecordCodec.encode(totals), "c")).isEqualTo(totals);
    }

    @Test
    void otherVersionsUnknownMissingAndNullMembersAreRejectedNamingTheRecord() {
        String ok = new String(RecordCodec.encode(new WorkerTotals(1, 2, 3, 4)), StandardCharsets.UTF_8);
        assertRejected(ok.replace("\"v\":1", "\"v\":2"), "unsupported record format version", "version=2");
        assertRejected(ok.replace("{\"v\":1,", "{"), "lacks its format version");
        assertRejected(ok.replace("}", ",\"extra\":5}"), "malformed record value", "extra");
        assertRejected(ok.replace(",\"batches\":4", ""), "malformed record value", "batches");
        assertRejected(ok.replace("\"batches\":4", "\"batches\":null"), "malformed record value");
        assertRejected("[1,2]", "not a JSON object");
        assertRejected("{\"v\":1,", "malformed record value");
        assertThatThrownBy(() -> RecordCodec.totals(null, "checkpoint/0@9")).isInstanceOf(FormatException.class)
                .hasMessageContaining("no value").hasMessageContaining("record=checkpoint/0@9");
    }

    @Test
    void invalidValuesAreRejectedByTheRecordsThemselvesWithTheRecordNamed() {
        String bad = "{\"v\":1,\"kind\":\"PUBLISHED\",\"hashPart\":\"tooshort\",\"storePath\":\"/nix/store/x\","
                + "\"narinfoKey\":\"k\",\"narSize\":1,\"fileSize\":1,\"chunks\":0,\"newChunks\":0,\"newBytes\":0,"
                + "\"reason\":\"\",\"atMillis\":0}";
        assertThatThrownBy(() -> RecordCodec.progress(bad.getBytes(StandardCharsets.UTF_8), "progress/3@42"))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("invalid hash part").hasMessageContaining("record=progress/3@42");
        assertThatThrownBy(() -> new ListerCheckpoint("k", null, 1, 1, 1, 1, 2, 0, false))
                .isInstanceOf(FormatException.class).hasMessageContaining("more outcomes than narinfos");
        assertThatThrownBy(() -> ProgressEvent.quarantined(HASH, null, "k", 0, "", 0))
                .isInstanceOf(FormatException.class).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> new WorkRecord("not-a-store-path", "k.narinfo", 1, "x", null, "nar/x", 1, 1))
                .isInstanceOf(FormatException.class);
    }

    private static void assertRejected(String json, String... fragments) {
        assertThatThrownBy(() -> RecordCodec.totals(json.getBytes(StandardCharsets.UTF_8), "checkpoint/0@5"))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("record=checkpoint/0@5")
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }
}
