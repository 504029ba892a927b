package dev.tierpack.core.audit;

import dev.tierpack.core.source.KeyKind;
import java.util.List;
import java.util.Map;

/**
 * What {@link SourceAudit} found. Problem counts are exact; {@code problems} holds at most
 * {@link SourceAudit#MAX_LISTED_PROBLEMS} of them (all are in the quarantine log).
 */
public record AuditReport(
        String source,
        long sourceObjects,
        long sourceBytes,
        Map<KeyKind, Long> objectsByKind,
        Map<KeyKind, Long> bytesByKind,
        long narinfos,
        long storePathsVerified,
        long narBytes,
        long signaturesValid,
        long signaturesUntrusted,
        long quarantined,
        long danglingNarinfos,
        long orphanNars,
        long unreadable,
        Map<String, Long> problemsByKind,
        List<Problem> problems,
        double durationSeconds) {

    public AuditReport {
        objectsByKind = Map.copyOf(objectsByKind);
        bytesByKind = Map.copyOf(bytesByKind);
        problemsByKind = Map.copyOf(problemsByKind);
        problems = List.copyOf(problems);
    }

    /** True when nothing is wrong with the source. */
    public boolean clean() {
        return problemsByKind.values().stream().mapToLong(Long::longValue).sum() == 0;
    }
}
