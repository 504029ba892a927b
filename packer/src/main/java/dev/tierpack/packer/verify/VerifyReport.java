package dev.tierpack.packer.verify;

import java.util.List;

/** What {@link TierAudit} checked and found. */
public record VerifyReport(
        String level,
        long indexObjects,
        long packsWarm,
        long packsCold,
        long packsRead,
        long bytesRead,
        long chunksVerified,
        long chunksIndexed,
        List<PackFinding> findings,
        double durationSeconds) {

    public VerifyReport {
        findings = List.copyOf(findings);
    }

    /** True when nothing is damaged (orphans alone do not count). */
    public boolean ok() {
        return findings.stream().noneMatch(PackFinding::isDamage);
    }

    public double megabytesPerSecond() {
        return durationSeconds > 0 ? bytesRead / 1e6 / durationSeconds : 0;
    }
}
