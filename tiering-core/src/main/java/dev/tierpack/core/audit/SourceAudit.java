package dev.tierpack.core.audit;

import dev.tierpack.core.error.SourceObjectNotFoundException;
import dev.tierpack.core.error.TierpackException;
import dev.tierpack.core.ingest.NarIngest;
import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.core.nix.NarInfoParser;
import dev.tierpack.core.nix.SignatureVerifier;
import dev.tierpack.core.nix.VerificationResult;
import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.KeyKind;
import dev.tierpack.core.source.SourceObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole binary cache the way a migration will, without writing anything anywhere but its own
 * work directory: lists and classifies every key, parses every narinfo, checks signatures against the
 * trusted keys, streams and verifies every NAR ({@link NarIngest}), and cross-checks narinfo URLs against
 * NAR keys. Memory stays bounded: the key sets live in a RocksDB under the work directory, NARs stream,
 * and at most {@code concurrency} store paths are in flight.
 */
public final class SourceAudit {
    public static final int MAX_LISTED_PROBLEMS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(SourceAudit.class);

    /**
     * @param verifier     trusted keys; null to skip signature checks
     * @param verifyNars   stream and verify every NAR (false: narinfos and key sets only)
     * @param concurrency  store paths verified at once (virtual threads)
     * @param workDir      scratch space for the key sets
     */
    public record Options(SignatureVerifier verifier, boolean verifyNars, int concurrency, Path workDir) {
        public Options {
            if (concurrency < 1 || concurrency > 4096) {
                throw new IllegalArgumentException("concurrency out of range: " + concurrency);
            }
        }
    }

    private final BinaryCacheSource source;
    private final Options options;
    private final Consumer<Problem> quarantine;

    private final Map<KeyKind, LongAdder> objects = new EnumMap<>(KeyKind.class);
    private final Map<KeyKind, LongAdder> bytes = new EnumMap<>(KeyKind.class);
    private final LongAdder narinfos = new LongAdder();
    private final LongAdder verified = new LongAdder();
    private final LongAdder narBytes = new LongAdder();
    private final LongAdder sigValid = new LongAdder();
    private final LongAdder sigUntrusted = new LongAdder();
    private final Map<String, LongAdder> problemCounts = new ConcurrentHashMap<>();
    private final List<Problem> listed = Collections.synchronizedList(new ArrayList<>());

    /** @param problems receives every problem (the caller's quarantine log); called from several threads */
    public SourceAudit(BinaryCacheSource source, Options options, Consumer<Problem> problems) {
        this.source = source;
        this.options = options;
        this.quarantine = problems;
        for (KeyKind k : KeyKind.values()) {
            objects.put(k, new LongAdder());
            bytes.put(k, new LongAdder());
        }
    }

    public AuditReport run() throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(options.workDir());
        try (KeySets sets = KeySets.open(Files.createTempDirectory(options.workDir(), "audit-keys-"));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore inFlight = new Semaphore(options.concurrency());
            Iterator<SourceObject> it = source.list(null);
            while (it.hasNext()) {
                SourceObject o = it.next();
                KeyKind kind = o.kind();
                objects.get(kind).increment();
                bytes.get(kind).add(o.size());
                if (kind == KeyKind.NAR) {
                    sets.addNar(o.key());
                } else if (kind == KeyKind.NARINFO) {
                    inFlight.acquireUninterruptibly();
                    pool.submit(() -> {
                        try {
                            auditStorePath(o.key(), sets);
                        } catch (RuntimeException e) {
                            problem(new Problem("unreadable", o.key(), "", String.valueOf(e.getMessage())));
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            }
            pool.shutdown();
            pool.close();
            sets.crossCheck(
                    (narinfoKey, url) -> problem(new Problem("dangling-narinfo", narinfoKey, "", "NAR not in source: " + url)),
                    nar -> problem(new Problem("orphan-nar", nar, "", "no narinfo points to it")));
        }
        return report((System.nanoTime() - t0) / 1e9);
    }

    private void auditStorePath(String narinfoKey, KeySets sets) {
        NarInfo info;
        try (InputStream in = source.open(narinfoKey)) {
            info = NarInfoParser.standard().parse(in, narinfoKey);
        } catch (TierpackException e) {
            problem(new Problem("corrupt-narinfo", narinfoKey, "", e.with("object", narinfoKey).getMessage()));
            return;
        } catch (IOException e) {
            problem(new Problem("unreadable", narinfoKey, "", e.toString()));
            return;
        }
        narinfos.increment();
        String storePath = info.storePath().toString();
        sets.addUrl(info.url(), narinfoKey);
        if (options.verifier() != null) {
            VerificationResult r = options.verifier().verify(info);
            switch (r) {
                case VerificationResult.Valid v -> sigValid.increment();
                case VerificationResult.NoTrustedSignature n -> sigUntrusted.increment();
                case VerificationResult.Invalid i -> {
                    problem(new Problem("bad-signature", narinfoKey, storePath, "signature does not verify: keys=" + i));
                    return;
                }
            }
        }
        if (!options.verifyNars()) {
            return;
        }
        try {
            new NarIngest(source).read(info, narinfoKey, reader -> null);
            verified.increment();
            narBytes.add(info.narSize());
        } catch (SourceObjectNotFoundException e) {
            // reported once, by the key-set cross-check, as a dangling narinfo
        } catch (TierpackException e) {
            problem(new Problem("corrupt-nar", info.url(), storePath, e.getMessage()));
        } catch (IOException e) {
            problem(new Problem("unreadable", info.url(), storePath, e.toString()));
        }
    }

    private void problem(Problem p) {
        problemCounts.computeIfAbsent(p.kind(), k -> new LongAdder()).increment();
        if (listed.size() < MAX_LISTED_PROBLEMS) {
            listed.add(p);
        }
        LOG.warn("{}: key={} storePath={} reason={}", p.kind(), p.key(), p.storePath(), p.reason());
        quarantine.accept(p);
    }

    private AuditReport report(double seconds) {
        Map<KeyKind, Long> o = new TreeMap<>();
        Map<KeyKind, Long> b = new TreeMap<>();
        long totalObjects = 0;
        long totalBytes = 0;
        for (KeyKind k : KeyKind.values()) {
            long n = objects.get(k).sum();
            if (n > 0) {
                o.put(k, n);
                b.put(k, bytes.get(k).sum());
                totalObjects += n;
                totalBytes += bytes.get(k).sum();
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        problemCounts.forEach((k, v) -> counts.put(k, v.sum()));
        long quarantined = counts.entrySet().stream()
                .filter(e -> new Problem(e.getKey(), "-", "", "-").quarantines()).mapToLong(Map.Entry::getValue).sum();
        List<Problem> sorted;
        synchronized (listed) {
            sorted = listed.stream().sorted(java.util.Comparator.comparing(Problem::key)).toList();
        }
        return new AuditReport(source.describe(), totalObjects, totalBytes, o, b, narinfos.sum(), verified.sum(),
                narBytes.sum(), sigValid.sum(), sigUntrusted.sum(), quarantined,
                counts.getOrDefault("dangling-narinfo", 0L), counts.getOrDefault("orphan-nar", 0L),
                counts.getOrDefault("unreadable", 0L), counts, sorted, seconds);
    }

}
