package dev.tierpack.loadbench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.tierpack.core.error.TierpackException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Where the memory of a measured JVM goes, besides its peak RSS: the heap in use right after each collection (its
 * peak over the run is what the live objects needed, whatever {@code -Xmx} let the heap grow to), the live heap at the
 * end (after a full collection), and, if the JVM runs with {@code -XX:NativeMemoryTracking=summary}, the committed
 * memory of every Native Memory Tracking category ({@code jcmd VM.native_memory summary}, through the
 * DiagnosticCommand MBean of this JVM).
 */
public final class MemoryProbe implements AutoCloseable {
    private static final Pattern NMT_TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB", Pattern.MULTILINE);
    private static final Pattern NMT_CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)",
            Pattern.MULTILINE);

    private final AtomicLong heapAfterGcPeak = new AtomicLong();
    private final AtomicLong oldGenAfterGcPeak = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong heapCommittedPeak = new AtomicLong();
    private final List<Runnable> unregister = new ArrayList<>();

    private MemoryProbe() {}

    /** Starts listening to this JVM's collections. */
    public static MemoryProbe start() {
        MemoryProbe p = new MemoryProbe();
        NotificationListener listener = p::onNotification;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                p.unregister.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }
        return p;
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long heap = 0;
        long old = 0;
        long committedBefore = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (isHeapPool(e.getKey())) {
                committedBefore += e.getValue().getCommitted();
            }
        }
        long committedAfter = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeapPool(e.getKey())) {
                committedAfter += e.getValue().getCommitted();
            }
            if (isHeapPool(e.getKey())) {
                heap += e.getValue().getUsed();
            }
            if (isOldGen(e.getKey())) {
                old += e.getValue().getUsed();
            }
        }
        collections.incrementAndGet();
        heapCommittedPeak.accumulateAndGet(Math.max(committedBefore, committedAfter), Math::max);
        heapAfterGcPeak.accumulateAndGet(heap, Math::max);
        oldGenAfterGcPeak.accumulateAndGet(old, Math::max);
    }

    private static boolean isHeapPool(String name) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals(name)) {
                return pool.getType() == MemoryType.HEAP;
            }
        }
        return false;
    }

    private static boolean isOldGen(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("old") || n.contains("tenured");
    }

    /**
     * The figures so far. Runs a full collection first (so call it after the measured part and after reading the
     * peak RSS): {@link Figures#liveHeapAtEndBytes} is what is still reachable when the run is over.
     */
    public Figures finish() {
        // committed now: what the heap grew to since the last collection, before this one may shrink it
        heapCommittedPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted(), Math::max);
        Map<String, Long> nmt = nativeMemoryCommitted();
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Figures(heapAfterGcPeak.get(), oldGenAfterGcPeak.get(), heapCommittedPeak.get(), collections.get(), live, nmt);
    }

    /** NMT committed bytes per category plus {@code Total}; empty if the JVM runs without NMT. */
    static Map<String, Long> nativeMemoryCommitted() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary", "scale=KB"}}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new TierpackException("cannot read native memory tracking", e, "cause", String.valueOf(e.getMessage()));
        }
        return parseNmt(text);
    }

    /** Parses {@code VM.native_memory summary scale=KB}: committed bytes per category, and {@code Total}. */
    static Map<String, Long> parseNmt(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        Matcher t = NMT_TOTAL.matcher(text);
        if (!t.find()) {
            return m; // "Native memory tracking is not enabled"
        }
        m.put("Total", Long.parseLong(t.group(2)) * 1024);
        Matcher c = NMT_CATEGORY.matcher(text);
        while (c.find()) {
            m.put(c.group(1).strip(), Long.parseLong(c.group(3)) * 1024);
        }
        return m;
    }

    @Override
    public void close() {
        unregister.forEach(Runnable::run);
    }

    /**
     * @param heapAfterGcPeakBytes   the largest heap occupancy right after a collection (all heap pools)
     * @param oldGenAfterGcPeakBytes the largest old-generation occupancy right after a collection
     * @param heapCommittedPeakBytes the largest committed heap seen (at collections and at the end): how far the JVM
     *                               grew the heap, live or not
     * @param collections            collections seen
     * @param liveHeapAtEndBytes     heap in use after a full collection at the end of the run
     * @param nmtCommittedBytes      NMT committed bytes per category and {@code Total}; empty without NMT
     */
    public record Figures(long heapAfterGcPeakBytes, long oldGenAfterGcPeakBytes, long heapCommittedPeakBytes, long collections,
            long liveHeapAtEndBytes, Map<String, Long> nmtCommittedBytes) {
        public Figures {
            nmtCommittedBytes = nmtCommittedBytes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nmtCommittedBytes));
            if (heapAfterGcPeakBytes < 0 || oldGenAfterGcPeakBytes < 0 || collections < 0 || liveHeapAtEndBytes <= 0) {
                throw new IllegalArgumentException("unmeasured memory: heapAfterGcPeak=" + heapAfterGcPeakBytes
                        + " liveHeapAtEnd=" + liveHeapAtEndBytes);
            }
        }
    }
}
