package dev.tierpack.manifests.read;

import dev.tierpack.core.error.TierpackException;
import dev.tierpack.manifests.catalog.Catalog;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads every catalogued store path back: its NAR is reassembled from the packs and discarded while
 * {@link NarReassembler} checks its NarHash and NarSize on the fly. The proof a migration is worth something.
 *
 * @param catalogued store paths in the catalog
 * @param verified   store paths whose reassembled NAR matched NarHash and NarSize
 * @param narBytes   NAR bytes reassembled
 * @param requests   range GETs issued
 * @param failures   {@code storePath: reason} of each failure (at most {@link #MAX_LISTED}; {@code catalogued -
 *                   verified} is the full count)
 */
public record ReadBackCheck(long catalogued, long verified, long narBytes, long requests, List<String> failures) {
    /** Failures listed by name; the count is always complete. */
    public static final int MAX_LISTED = 50;

    public ReadBackCheck {
        if (catalogued < 0 || verified < 0 || verified > catalogued || narBytes < 0 || requests < 0) {
            throw new IllegalArgumentException("inconsistent read-back counts: catalogued=" + catalogued
                    + " verified=" + verified);
        }
        failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
    }

    /** Whether every catalogued store path read back intact. */
    public boolean ok() {
        return verified == catalogued;
    }

    /** Reassembles every store path of {@code catalog} (sequentially, bounded memory). */
    public static ReadBackCheck run(ReadBack readBack, Catalog catalog) {
        ReassemblyStats stats = new ReassemblyStats();
        long[] counts = new long[2];
        List<String> failures = new ArrayList<>();
        catalog.forEach(entry -> {
            counts[0]++;
            try {
                readBack.writeNar(entry, OutputStream.nullOutputStream(), stats);
                counts[1]++;
            } catch (IOException | TierpackException e) {
                if (failures.size() < MAX_LISTED) {
                    failures.add(entry.storePath() + ": " + e.getMessage());
                }
            }
        });
        return new ReadBackCheck(counts[0], counts[1], stats.narBytes(), stats.requests(), failures);
    }
}
