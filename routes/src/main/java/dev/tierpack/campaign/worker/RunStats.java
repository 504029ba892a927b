package dev.tierpack.campaign.worker;

import java.util.concurrent.atomic.AtomicLong;

/** What the worker did in this run (not the campaign): updated after each committed batch, read by progress displays. */
public final class RunStats {
    public final AtomicLong batches = new AtomicLong();
    public final AtomicLong published = new AtomicLong();
    public final AtomicLong quarantined = new AtomicLong();
    public final AtomicLong skipped = new AtomicLong();
    public final AtomicLong sourceBytes = new AtomicLong();
    public final AtomicLong narBytes = new AtomicLong();
    public final AtomicLong packs = new AtomicLong();
    public final AtomicLong packBytes = new AtomicLong();
    public final AtomicLong manifestPacks = new AtomicLong();
    public final AtomicLong manifestBytes = new AtomicLong();
    public final AtomicLong chunks = new AtomicLong();
    public final AtomicLong newChunks = new AtomicLong();
    public final AtomicLong newBytes = new AtomicLong();
    public final AtomicLong failedBatches = new AtomicLong();
}
