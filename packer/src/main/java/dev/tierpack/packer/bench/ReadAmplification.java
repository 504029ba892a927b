package dev.tierpack.packer.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntUnaryOperator;

/**
 * What reading single chunks costs: a chunk is read by fetching its whole segment (one range GET of the segment's
 * stored bytes), so a read of chunk {@code c} fetches {@code storedLength(segment(c)) / rawLength(c)} times the
 * bytes it needs. Reads are weighted by how often each chunk is referenced (restoring every store path once
 * reads each reference once). This is the worst case of a random single-chunk read: restoring a whole NAR reads
 * runs of chunks from one segment and fetches that segment once.
 *
 * @param averagePerRead mean over reads of segment stored bytes / chunk raw bytes
 * @param p99PerRead 99th percentile of the same
 * @param bytesPerByte total segment bytes fetched / total chunk bytes read (large chunks weigh more)
 */
public record ReadAmplification(double averagePerRead, double p99PerRead, double bytesPerByte) {
    /** Computes it for chunks {@code 0 .. table.size()-1}, {@code segmentStored} giving each chunk's segment stored length. */
    public static ReadAmplification of(ChunkTable table, IntUnaryOperator segmentStored) {
        int n = table.size();
        if (n == 0) {
            return new ReadAmplification(0, 0, 0);
        }
        double[] value = new double[n];
        double weightedSum = 0;
        long reads = 0;
        double fetched = 0;
        double needed = 0;
        for (int i = 0; i < n; i++) {
            int refs = table.references(i);
            double seg = segmentStored.applyAsInt(i);
            value[i] = seg / table.rawLength(i);
            weightedSum += refs * value[i];
            reads += refs;
            fetched += refs * seg;
            needed += (double) refs * table.rawLength(i);
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> value[i]));
        long threshold = (long) Math.ceil(0.99 * reads);
        long seen = 0;
        double p99 = value[order[n - 1]];
        for (Integer i : order) {
            seen += table.references(i);
            if (seen >= threshold) {
                p99 = value[i];
                break;
            }
        }
        return new ReadAmplification(weightedSum / reads, p99, fetched / needed);
    }
}
