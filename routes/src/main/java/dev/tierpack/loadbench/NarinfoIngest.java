package dev.tierpack.loadbench;

import dev.tierpack.campaign.lister.Lister;
import dev.tierpack.campaign.lister.LocalPages;
import dev.tierpack.campaign.lister.NarinfoReader;
import dev.tierpack.campaign.lister.PageRequest;
import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.records.ListerCheckpoint;
import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.gen.ScaleSpec;
import dev.tierpack.core.gen.SyntheticNarinfoSource;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.nix.SecretKey;
import dev.tierpack.core.source.SourceObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The narinfo-only ingest of a campaign's lister, without Camel: pages of a {@link SyntheticNarinfoSource} listed by
 * {@link LocalPages}, read and parsed by {@link NarinfoReader}, committed as work records with the lister checkpoint
 * by {@link Lister} (one Kafka transaction per page) to a broker at {@code bootstrap}. The baseline, measured in the
 * same process afterwards, is a bare loop over the same source that renders and parses narinfos (no Kafka, no
 * lister), so the ratio shows what the lister path costs on top of parsing.
 */
public final class NarinfoIngest {
    /** Narinfos of the in-process baseline loop (at most). */
    static final long BASELINE_OBJECTS = 50_000;

    private final String bootstrap;
    private final ScaleSpec spec;
    private final boolean signed;
    private final int pageSize;
    private final int concurrency;

    public NarinfoIngest(String bootstrap, ScaleSpec spec, boolean signed, int pageSize, int concurrency) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.signed = signed;
        this.pageSize = pageSize;
        this.concurrency = concurrency;
    }

    public RunResult run(String campaign) {
        SecretKey key = SecretKey.generate("bench.tierpack.dev-1");
        SyntheticNarinfoSource source = new SyntheticNarinfoSource(spec, key, signed);
        CampaignTopics topics = new CampaignTopics(campaign);
        ensureTopics(topics);
        LocalPages pages = new LocalPages(source);
        long setup0 = System.nanoTime();
        long cpu0;
        long t0;
        double setup;
        ListerCheckpoint done;
        try (Lister lister = new Lister(bootstrap, topics,
                new NarinfoReader(source, NarInfoParser.standard(), concurrency, System::currentTimeMillis), pageSize,
                (cp, quarantined, work) -> {})) {
            lister.fence();
            lister.load();
            // measured from here: the listing itself, not the producer's fencing or the checkpoint read
            cpu0 = ProcessMeter.cpuNanos();
            t0 = System.nanoTime();
            setup = (t0 - setup0) / 1e9;
            while (!lister.isComplete()) {
                PageRequest request = lister.nextRequest();
                List<SourceObject> page = pages.list(request);
                lister.commitPage(request, page);
            }
            done = lister.checkpoint();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (ProcessMeter.cpuNanos() - cpu0) / 1e9;
        if (done.workRecords() != spec.objects() || done.quarantined() != 0) {
            throw new IntegrityException("the lister did not commit every generated narinfo", "campaign", campaign,
                    "objects", spec.objects(), "workRecords", done.workRecords(), "quarantined", done.quarantined());
        }
        long peak = ProcessMeter.peakRssBytes();
        Map<String, Double> extra = new java.util.HashMap<>(bareLoop(source));
        extra.put("setupSeconds", setup);
        return new RunResult(Scenario.NARINFO, done.workRecords(), wall, cpu, peak, Runtime.getRuntime().maxMemory(), extra);
    }

    /** Creates the campaign's topics; a topic just created may not be described yet, so this retries for a while. */
    private void ensureTopics(CampaignTopics topics) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                try {
                    topics.ensure(admin, 6);
                    return;
                } catch (dev.tierpack.core.error.TierpackException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
                }
            }
        }
    }

    /** Render + parse of the first narinfos, one thread: objects per CPU-second of the bare work. */
    private static Map<String, Double> bareLoop(SyntheticNarinfoSource source) {
        long n = Math.min(BASELINE_OBJECTS, source.spec().objects());
        NarInfoParser parser = NarInfoParser.standard();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long refs = 0;
        for (long i = 0; i < n; i++) {
            String key = source.key(i);
            try (var in = source.open(key)) {
                refs += parser.parse(in.readAllBytes(), key).references().size();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - t0) / 1e9;
        return Map.of("bareParseObjects", (double) n, "bareParseCpuSeconds", cpu, "bareParseWallSeconds", wall,
                "bareParseObjectsPerCoreSecond", n / cpu, "meanReferences", (double) refs / n);
    }
}
