package dev.tierpack.campaign.plan;

import dev.tierpack.campaign.config.Sizes;
import dev.tierpack.core.cost.StorageCost;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The human rendering of a {@link CampaignPlan}. */
public final class PlanText {
    private PlanText() {}

    public static String render(CampaignPlan p) {
        StringBuilder sb = new StringBuilder();
        line(sb, "campaign %s: plan (prices as of %s; nothing was written)", p.campaign(), p.pricesAsOf());
        line(sb, "source %s (%s): %,d objects, %s, %,d store paths", p.source(), p.listedFrom(), p.sourceObjects(),
                bytes(p.sourceBytes()), p.storePaths());
        p.objectsByKind().forEach((kind, n) -> line(sb, "  %-12s %,12d objects %12s", kind, n, bytes(p.bytesByKind().get(kind))));
        p.objectsByStorageClass().forEach((cls, n) -> line(sb, "  class %-18s %,12d objects %12s", cls, n,
                bytes(p.bytesByStorageClass().get(cls))));
        var a = p.assumptions();
        line(sb, "assumptions: stored bytes = %.3f x NAR bytes (%s), %.0f%% of NAR data warm, %s packs in %s parts, "
                        + "reads %s", a.storedRatio(), a.storedRatioFrom(), a.warmFraction() * 100, bytes(a.packSize()),
                bytes(a.partSize()), String.join(", ", a.fetchedKinds()));
        if (!a.unpricedStorageClasses().isEmpty()) {
            line(sb, "  storage classes priced as STANDARD: %s", String.join(", ", a.unpricedStorageClasses()));
        }
        if (p.sample() != null) {
            var s = p.sample();
            line(sb, "sample: %d store paths (%d failed verification): %s of NAR objects (%s uncompressed) -> %s in %d "
                            + "pack(s), ratio %.3f; %,d chunks, %,d stored, %,d deduplicated",
                    s.storePaths(), s.failed(), bytes(s.narObjectBytes()), bytes(s.narSize()), bytes(s.storedBytes()),
                    s.packs(), s.ratio(), s.chunks(), s.storedChunks(), s.dedupChunks());
        }
        line(sb, "requests:");
        p.requests().forEach((role, kinds) -> line(sb, "  %-6s %s", role, kinds(kinds)));
        line(sb, "egress from the source: %s", bytes(p.egressBytes()));
        line(sb, "stored after: warm %s in %,d objects (%,d data packs, %,d metadata packs and their indexes), "
                        + "cold %s in %,d packs", bytes(p.storedBytes().get("warm")), p.objectsWritten().get("warm"),
                p.packs().get("warm"), p.packs().get("metadata"), bytes(p.storedBytes().get("cold")), p.objectsWritten().get("cold"));
        line(sb, "cost to migrate: %s", usd(p.migrationCostUsd()));
        p.costUsd().forEach((item, usd) -> line(sb, "  %-16s %s", item, usd(usd)));
        var st = p.storage();
        line(sb, "monthly storage: before %s -> after %s (warm %s, cold %s %s); saves %s a month",
                usd(st.beforeUsd()), usd(st.afterUsd()), usd(st.warmUsd()), st.cold().storageClass(),
                usd(st.cold().totalUsd()), usd(st.savingsUsd()));
        for (StorageCost.Breakdown b : st.before()) {
            line(sb, "  before: %-12s %,d objects %s: %s", b.storageClass(), b.objects(), bytes(b.bytes()), usd(b.totalUsd()));
        }
        line(sb, "  cold: %s data + %s metadata overhead; billed at least %d days (%s)", usd(st.cold().dataUsd()),
                usd(st.cold().standardOverheadUsd().add(st.cold().archiveOverheadUsd())), st.cold().minStorageDays(),
                usd(st.cold().minimumDurationUsd()));
        var ip = p.inPlaceTransition();
        line(sb, "for comparison, lifecycle-transitioning the %,d source objects to %s: %s of transitions, then %s a month "
                        + "(%s of it per-object metadata)", ip.objects(), ip.storageClass(), usd(ip.transitionUsd()),
                usd(ip.monthly().totalUsd()), usd(ip.monthly().standardOverheadUsd().add(ip.monthly().archiveOverheadUsd())));
        var b = p.budget();
        line(sb, "budget: monthly cap %s -> %d month(s)%s", usd(b.monthlyCapUsd()), b.months(),
                b.totalCapUsd() == null ? "" : String.format(Locale.ROOT, "; total cap %s %s", usd(b.totalCapUsd()),
                        b.totalCapCoversRun() ? "covers the run" : "DOES NOT cover the run"));
        if (p.minimumDurationSeconds() != null) {
            line(sb, "at the configured rate limits the run takes at least %s", Duration.ofSeconds(p.minimumDurationSeconds()));
        }
        line(sb, "this plan's own reads cost %s; took %.1f s", usd(p.planCostUsd()), p.durationSeconds());
        return sb.toString();
    }

    private static String kinds(Map<String, Long> kinds) {
        if (kinds.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        kinds.forEach((k, n) -> sb.append(sb.isEmpty() ? "" : "  ").append(k).append(' ').append(String.format(Locale.ROOT, "%,d", n)));
        return sb.toString();
    }

    /** Cents for amounts of a cent or more, three significant digits below. */
    static String usd(BigDecimal v) {
        if (v == null) {
            return "none";
        }
        if (v.signum() == 0) {
            return "$0";
        }
        if (v.abs().compareTo(new BigDecimal("0.01")) >= 0) {
            return String.format(Locale.ROOT, "%s$%,.2f", v.signum() < 0 ? "-" : "", v.abs().setScale(2, RoundingMode.HALF_EVEN));
        }
        return (v.signum() < 0 ? "-$" : "$") + v.abs().round(new MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros().toPlainString();
    }

    static String bytes(long n) {
        return Sizes.approximate(n);
    }

    private static void line(StringBuilder sb, String fmt, Object... args) {
        sb.append(String.format(Locale.ROOT, fmt, args)).append('\n');
    }
}
