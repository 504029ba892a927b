package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.CampaignRuntime;
import dev.tierpack.core.cost.Money;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A progress line for long campaign runs: redrawn in place every second on a terminal, one plain line every 30
 * seconds otherwise (logs, CI). Shows listed and published store paths, quarantines, NAR bytes, rate, dollars spent
 * (from the ledger) and ETA.
 */
final class ProgressLine implements AutoCloseable {
    private final Supplier<CampaignRuntime.Snapshot> snapshots;
    private final PrintWriter out;
    private final boolean terminal;
    private final ScheduledExecutorService timer;

    private ProgressLine(Supplier<CampaignRuntime.Snapshot> snapshots, PrintWriter out, boolean terminal) {
        this.snapshots = snapshots;
        this.out = out;
        this.terminal = terminal;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tierpack-progress");
            t.setDaemon(true);
            return t;
        });
    }

    static ProgressLine start(Supplier<CampaignRuntime.Snapshot> snapshots, PrintWriter out) {
        boolean terminal = System.console() != null && System.console().isTerminal();
        ProgressLine line = new ProgressLine(snapshots, out, terminal);
        long period = terminal ? 1 : 30;
        line.timer.scheduleAtFixedRate(line::draw, period, period, TimeUnit.SECONDS);
        return line;
    }

    static String render(CampaignRuntime.Snapshot s) {
        long listed = s.listing().workRecords() + s.listing().quarantined();
        long published = s.totals().published();
        long quarantined = s.totals().quarantined();
        double seconds = s.elapsedNanos() / 1e9;
        double rate = seconds > 0 ? s.run().published.get() / seconds : 0;
        String eta = "";
        if (s.listing().complete() && rate > 0) {
            long left = Math.max(0, listed - published - quarantined);
            long secs = (long) (left / rate);
            eta = String.format(Locale.ROOT, "  ETA %d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
        }
        String spent = "";
        if (s.spentUsd() != null) {
            spent = "  " + Money.format(s.spentUsd()) + " spent"
                    + (s.monthlyCapUsd() == null ? "" : " (cap " + Money.format(s.monthlyCapUsd()) + "/month)");
        }
        return String.format(Locale.ROOT, "listed %,d%s  published %,d  quarantined %,d  %s NAR  %.1f paths/s%s%s",
                listed, s.listing().complete() ? " (complete)" : "", published, quarantined,
                Reports.bytes(s.totals().narBytes()), rate, spent, eta);
    }

    private void draw() {
        try {
            String line = render(snapshots.get());
            if (terminal) {
                out.print("\r" + line + "\u001b[K");
            } else {
                out.println(line);
            }
            out.flush();
        } catch (RuntimeException e) {
            // a snapshot during shutdown may fail; the next tick or the summary will tell
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (terminal) {
            out.println();
        }
    }
}
