package dev.tierpack.campaign.worker;

import dev.tierpack.campaign.records.ProgressEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link ProgressView} in a hash map: for small campaigns and tests (memory grows with the store paths). */
public final class MemoryProgressView implements ProgressView {
    private final Map<String, Entry> entries = new HashMap<>();
    private Totals totals = Totals.ZERO;

    @Override
    public synchronized Optional<ProgressEvent.Kind> kind(String hashPart) {
        return Optional.ofNullable(entries.get(hashPart)).map(Entry::kind);
    }

    @Override
    public synchronized void apply(List<ProgressEvent> events) {
        for (ProgressEvent e : events) {
            Entry now = Entry.of(e);
            totals = Entry.transition(totals, entries.put(e.hashPart(), now), now);
        }
    }

    @Override
    public synchronized Totals totals() {
        return totals;
    }

    @Override
    public synchronized Totals preview(List<ProgressEvent> events) {
        return Entry.preview(totals, events, entries::get);
    }

    @Override
    public void close() {
        // nothing held
    }
}
