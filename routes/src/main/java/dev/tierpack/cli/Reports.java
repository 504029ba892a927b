package dev.tierpack.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tierpack.campaign.config.Sizes;
import dev.tierpack.core.audit.AuditReport;
import dev.tierpack.core.audit.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Human and JSON renderings of command results. */
final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    /** The JSON mapper of every report (indented). */
    static ObjectMapper mapper() {
        return JSON;
    }

    static void writeJson(Object report, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        JSON.writeValue(file.toFile(), report);
    }

    static String auditSummary(AuditReport r, Path quarantine) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "source %s: %,d objects, %s%n", r.source(), r.sourceObjects(), bytes(r.sourceBytes())));
        r.objectsByKind().forEach((kind, n) -> sb.append(String.format(Locale.ROOT, "  %-12s %,10d objects %12s%n",
                kind, n, bytes(r.bytesByKind().get(kind)))));
        sb.append(String.format(Locale.ROOT, "narinfos parsed: %,d; signatures valid: %,d, untrusted: %,d%n",
                r.narinfos(), r.signaturesValid(), r.signaturesUntrusted()));
        sb.append(String.format(Locale.ROOT, "store paths verified (FileHash, NarHash, NarSize, NAR structure): %,d (%s of NAR)%n",
                r.storePathsVerified(), bytes(r.narBytes())));
        if (r.clean()) {
            sb.append("no problems found\n");
        } else {
            sb.append(String.format(Locale.ROOT, "PROBLEMS: %s; quarantined store paths: %,d (details: %s)%n",
                    r.problemsByKind(), r.quarantined(), quarantine));
            for (Problem p : r.problems()) {
                sb.append("  ").append(p.kind()).append(": ").append(p.key())
                        .append(p.storePath().isEmpty() ? "" : " (" + p.storePath() + ")").append(": ").append(p.reason()).append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "took %.1f s%n", r.durationSeconds()));
        return sb.toString();
    }

    static String bytes(long n) {
        return Sizes.approximate(n);
    }
}
