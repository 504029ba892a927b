package dev.tierpack.campaign.worker;

import dev.tierpack.campaign.records.ProgressEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The latest progress event kind of every store path, as the compacted progress topic says, with totals. The worker
 * consults it to skip store paths already published (a work record can be delivered again after its offsets were
 * lost, e.g. by offset retention during a long pause, or by a reset consumer group) and keeps it current by applying
 * the events of every committed transaction. The latest event of a store path wins.
 *
 * <p>Implementations are thread-safe (the lister applies its quarantine events from its own thread).
 */
public interface ProgressView extends AutoCloseable {

    /**
     * @param published   store paths whose latest event is published
     * @param quarantined store paths whose latest event is a quarantine
     * @param narBytes    NarSize sum of the published ones
     */
    record Totals(long published, long quarantined, long narBytes) {
        public static final Totals ZERO = new Totals(0, 0, 0);
    }

    /** The latest event kind of a store path, if any. */
    Optional<ProgressEvent.Kind> kind(String hashPart);

    default boolean isPublished(String hashPart) {
        return kind(hashPart).filter(k -> k == ProgressEvent.Kind.PUBLISHED).isPresent();
    }

    /** Applies committed events in order. */
    void apply(List<ProgressEvent> events);

    Totals totals();

    /** The totals after {@code events} would be applied; changes nothing. */
    Totals preview(List<ProgressEvent> events);

    @Override
    void close();

    /** One store path's state: kind and NarSize (what its totals contribution is). */
    record Entry(ProgressEvent.Kind kind, long narSize) {
        static Entry of(ProgressEvent e) {
            return new Entry(e.kind(), e.narSize());
        }

        /** The totals with {@code old} replaced by {@code now} (either may be null). */
        static Totals transition(Totals t, Entry old, Entry now) {
            long p = t.published(), q = t.quarantined(), b = t.narBytes();
            if (old != null) {
                if (old.kind() == ProgressEvent.Kind.PUBLISHED) {
                    p--;
                    b -= old.narSize();
                } else {
                    q--;
                }
            }
            if (now != null) {
                if (now.kind() == ProgressEvent.Kind.PUBLISHED) {
                    p++;
                    b += now.narSize();
                } else {
                    q++;
                }
            }
            return new Totals(p, q, b);
        }

        /**
         * The totals after {@code events} would be applied to {@code from}, where {@code stored} gives a store path's
         * entry before them (or null); a later event of the same store path replaces an earlier one.
         */
        static Totals preview(Totals from, List<ProgressEvent> events, Function<String, Entry> stored) {
            Map<String, Entry> overlay = new HashMap<>();
            Totals t = from;
            for (ProgressEvent e : events) {
                Entry old = overlay.containsKey(e.hashPart()) ? overlay.get(e.hashPart()) : stored.apply(e.hashPart());
                Entry now = Entry.of(e);
                overlay.put(e.hashPart(), now);
                t = transition(t, old, now);
            }
            return t;
        }
    }
}
