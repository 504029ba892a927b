package dev.tierpack.campaign.lister;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.campaign.records.ListerCheckpoint;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.source.KeyOrder;
import dev.tierpack.core.source.SourceObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PagePlannerTest {
    static final String A = "0ywk3g8zl3qj7jxpbidq5j7025zpab8z";
    static final String B = "1ywk3g8zl3qj7jxpbidq5j7025zpab8z";
    static final String C = "2ywk3g8zl3qj7jxpbidq5j7025zpab8z";

    static SourceObject o(String key, long size) {
        return new SourceObject(key, size, Instant.EPOCH, null);
    }

    @Test
    void narinfosArePairedWithTheirListingsAndEveryObjectIsCounted() {
        List<SourceObject> page = List.of(o(A + ".ls", 10), o(A + ".narinfo", 100), o(B + ".narinfo", 200),
                o("nar/" + A + ".nar.xz", 5000), o("nix-cache-info", 20));
        PagePlanner.Plan plan = PagePlanner.plan(ListerCheckpoint.START, page);
        assertThat(plan.exhausted()).isFalse();
        assertThat(plan.narinfos()).containsExactly(
                new PagePlanner.NarinfoRef(A + ".narinfo", 100, A + ".ls"),
                new PagePlanner.NarinfoRef(B + ".narinfo", 200, null));
        ListerCheckpoint next = plan.next(1, 1);
        assertThat(next).isEqualTo(new ListerCheckpoint("nix-cache-info", null, 1, 5, 5330, 2, 1, 1, false));
        assertThatThrownBy(() -> plan.next(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListingThatEndsAPageIsPairedWithTheNarinfoOnTheNextPage() {
        PagePlanner.Plan first = PagePlanner.plan(ListerCheckpoint.START, List.of(o(A + ".narinfo", 1), o(C + ".ls", 2)));
        ListerCheckpoint cp = first.next(1, 0);
        assertThat(cp.pendingListing()).isEqualTo(C);
        PagePlanner.Plan second = PagePlanner.plan(cp, List.of(o(C + ".narinfo", 3)));
        assertThat(second.narinfos()).containsExactly(new PagePlanner.NarinfoRef(C + ".narinfo", 3, C + ".ls"));
        assertThat(second.next(1, 0).pendingListing()).isNull();
    }

    @Test
    void anEmptyPageCompletesTheListingKeepingTheTotals() {
        ListerCheckpoint cp = new ListerCheckpoint(C + ".narinfo", null, 4, 40, 4000, 12, 11, 1, false);
        PagePlanner.Plan plan = PagePlanner.plan(cp, List.of());
        assertThat(plan.exhausted()).isTrue();
        assertThat(plan.next(0, 0)).isEqualTo(new ListerCheckpoint(C + ".narinfo", null, 4, 40, 4000, 12, 11, 1, true));
        assertThatThrownBy(() -> PagePlanner.plan(plan.next(0, 0), List.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPageOutOfKeyOrderOrNotAfterTheCheckpointIsRefused() {
        assertThatThrownBy(() -> PagePlanner.plan(ListerCheckpoint.START, List.of(o(B + ".narinfo", 1), o(A + ".narinfo", 1))))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("not in key order")
                .hasMessageContaining("key=" + A + ".narinfo");
        ListerCheckpoint cp = new ListerCheckpoint(B + ".narinfo", null, 1, 1, 1, 1, 1, 0, false);
        assertThatThrownBy(() -> PagePlanner.plan(cp, List.of(o(B + ".narinfo", 1))))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("after=" + B + ".narinfo");
    }

    @Test
    void aPageIsCutWhereItsNarinfosExceedTheMemoryBudgetAndTheRestIsListedAgain() {
        List<SourceObject> page = List.of(o(A + ".narinfo", 600), o(B + ".ls", 5), o(B + ".narinfo", 600),
                o(C + ".narinfo", 600));
        PagePlanner.Plan plan = PagePlanner.plan(ListerCheckpoint.START, page, 1000);
        assertThat(plan.narinfos()).extracting(PagePlanner.NarinfoRef::key).containsExactly(A + ".narinfo");
        ListerCheckpoint cp = plan.next(1, 0);
        assertThat(cp.lastKey()).isEqualTo(B + ".ls");
        assertThat(cp.pendingListing()).isEqualTo(B);
        assertThat(cp.objects()).isEqualTo(2);
        PagePlanner.Plan rest = PagePlanner.plan(cp, page.subList(2, 4), 1000);
        assertThat(rest.narinfos()).containsExactly(new PagePlanner.NarinfoRef(B + ".narinfo", 600, B + ".ls"));
        // a single narinfo larger than the budget is still taken: the listing always advances
        assertThat(PagePlanner.plan(ListerCheckpoint.START, page, 10).narinfos()).hasSize(1);
    }

    /** However a listing is cut into pages, the narinfos, their pairing and the totals are the same. */
    @Property(tries = 200)
    void pagingDoesNotChangeTheOutcome(@ForAll("listings") List<SourceObject> listing, @ForAll @IntRange(min = 1, max = 7) int pageSize) {
        List<PagePlanner.NarinfoRef> whole = PagePlanner.plan(ListerCheckpoint.START, listing).narinfos();
        ListerCheckpoint cp = ListerCheckpoint.START;
        List<PagePlanner.NarinfoRef> paged = new ArrayList<>();
        for (int i = 0; ; i += pageSize) {
            List<SourceObject> page = listing.subList(Math.min(i, listing.size()), Math.min(i + pageSize, listing.size()));
            PagePlanner.Plan plan = PagePlanner.plan(cp, page);
            paged.addAll(plan.narinfos());
            cp = plan.next(plan.narinfos().size(), 0);
            if (plan.exhausted()) {
                break;
            }
        }
        assertThat(paged).isEqualTo(whole);
        assertThat(cp.complete()).isTrue();
        assertThat(cp.objects()).isEqualTo(listing.size());
        assertThat(cp.bytes()).isEqualTo(listing.stream().mapToLong(SourceObject::size).sum());
        assertThat(cp.narinfos()).isEqualTo(cp.workRecords()).isEqualTo(whole.size());
        assertThat(cp.pages()).isEqualTo((listing.size() + pageSize - 1) / pageSize);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<SourceObject>> listings() {
        net.jqwik.api.Arbitrary<String> hash = net.jqwik.api.Arbitraries.strings().withChars("0123456789abcdfg").ofLength(32);
        net.jqwik.api.Arbitrary<List<List<String>>> keys = hash.flatMap(h -> net.jqwik.api.Arbitraries.<List<String>>of(
                List.of(h + ".narinfo"), List.of(h + ".ls", h + ".narinfo"), List.of(h + ".ls"), List.of("nar/" + h + ".nar.xz")))
                .list().ofMaxSize(12);
        return keys.map(groups -> {
            TreeSet<String> sorted = new TreeSet<>(KeyOrder.UTF8);
            groups.forEach(sorted::addAll);
            List<SourceObject> out = new ArrayList<>();
            long size = 1;
            for (String k : sorted) {
                out.add(o(k, size++));
            }
            return out;
        });
    }
}
