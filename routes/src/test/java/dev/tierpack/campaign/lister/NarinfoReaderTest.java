package dev.tierpack.campaign.lister;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierpack.campaign.records.ProgressEvent;
import dev.tierpack.campaign.records.WorkRecord;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.source.LocalDirSource;
import dev.tierpack.core.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NarinfoReaderTest {
    @TempDir Path dir;

    @Test
    void corpusNarinfosBecomeWorkRecordsInOrderAndBrokenOnesQuarantineEvents() throws Exception {
        List<PagePlanner.NarinfoRef> refs = new ArrayList<>();
        for (Path p : Corpus.narinfos()) {
            String key = p.getFileName().toString();
            Files.copy(p, dir.resolve(key));
            refs.add(new PagePlanner.NarinfoRef(key, Files.size(p), key.replace(".narinfo", ".ls")));
        }
        String good = refs.get(0).key();
        String wrongKey = "00000000000000000000000000000000.narinfo";
        Files.copy(dir.resolve(good), dir.resolve(wrongKey));                     // names another store path
        String garbled = "11111111111111111111111111111111.narinfo";
        Files.writeString(dir.resolve(garbled), "URL: nar/x.nar.xz\n");           // no StorePath
        String gone = "22222222222222222222222222222222.narinfo";                  // listed, then deleted
        String huge = "33333333333333333333333333333333.narinfo";
        List<PagePlanner.NarinfoRef> all = new ArrayList<>(refs);
        all.add(new PagePlanner.NarinfoRef(wrongKey, 100, null));
        all.add(new PagePlanner.NarinfoRef(garbled, 20, null));
        all.add(new PagePlanner.NarinfoRef(gone, 20, null));
        all.add(new PagePlanner.NarinfoRef(huge, NarInfoParser.DEFAULT_MAX_BYTES + 1L, null));

        List<NarinfoReader.Outcome> outcomes;
        try (NarinfoReader reader = new NarinfoReader(new LocalDirSource(dir), NarInfoParser.standard(), 4, () -> 42L)) {
            outcomes = reader.read(all);
        }
        assertThat(outcomes).hasSize(all.size());
        for (int i = 0; i < refs.size(); i++) {
            assertThat(outcomes.get(i)).isInstanceOf(NarinfoReader.Outcome.Work.class);
            WorkRecord w = ((NarinfoReader.Outcome.Work) outcomes.get(i)).record();
            String key = refs.get(i).key();
            assertThat(w.narinfoKey()).isEqualTo(key);
            assertThat(w.narinfo()).isEqualTo(Files.readString(dir.resolve(key)));
            assertThat(w.listingKey()).isEqualTo(key.replace(".narinfo", ".ls"));
            assertThat(w.storePath()).isEqualTo(NarInfo.parse(w.narinfo(), key).storePath().toString());
        }
        List<ProgressEvent> q = outcomes.subList(refs.size(), all.size()).stream()
                .map(o -> ((NarinfoReader.Outcome.Quarantine) o).event()).toList();
        assertThat(q).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(ProgressEvent.Kind.QUARANTINED);
            assertThat(e.atMillis()).isEqualTo(42L);
        });
        assertThat(q.get(0).reason()).contains("does not match its StorePath", wrongKey);
        assertThat(q.get(0).hashPart()).isEqualTo("00000000000000000000000000000000");
        assertThat(q.get(1).reason()).contains("corrupt narinfo", garbled);
        assertThat(q.get(2).reason()).contains("vanished", gone);
        assertThat(q.get(3).reason()).contains("too large");
    }
}
