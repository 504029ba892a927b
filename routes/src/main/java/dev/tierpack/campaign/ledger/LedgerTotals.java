package dev.tierpack.campaign.ledger;

import dev.tierpack.core.cost.Charge;
import dev.tierpack.core.cost.LedgerEntry;
import dev.tierpack.core.cost.LineItem;
import dev.tierpack.core.cost.Money;
import dev.tierpack.core.cost.Role;
import dev.tierpack.core.cost.Tariff;
import dev.tierpack.core.tier.RequestKind;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Sums ledger entries for reports and {@code campaign status}: requests and bytes by role and kind, and cost by
 * line item. Line items are recomputed from each entry's role, kind, count and bytes with the current
 * {@link Tariff} (the entry records only its total); {@link Snapshot#totalUsd} is the sum the ledger recorded, so
 * the two agree unless the price table changed during the campaign. Thread-safe; memory is a few numbers per
 * role and kind.
 */
public final class LedgerTotals {
    private final Tariff tariff;
    private final Map<Role, Map<String, long[]>> byRole = new EnumMap<>(Role.class);
    private final Map<LineItem, BigDecimal> items = new EnumMap<>(LineItem.class);
    private BigDecimal other = Money.ZERO;
    private BigDecimal total = Money.ZERO;
    private long entries;

    public LedgerTotals(Tariff tariff) {
        this.tariff = Objects.requireNonNull(tariff, "tariff");
    }

    public synchronized void add(LedgerEntry e) {
        long[] t = byRole.computeIfAbsent(e.role(), r -> new TreeMap<>()).computeIfAbsent(e.kind(), k -> new long[2]);
        t[0] += e.count();
        t[1] += e.bytes();
        total = total.add(e.usd());
        entries++;
        RequestKind kind = requestKind(e.kind());
        if (kind == null || (e.role() == Role.SOURCE && !readOnly(kind))) {
            other = other.add(e.usd());
            return;
        }
        for (Charge c : tariff.request(e.role(), kind, e.count(), e.bytes())) {
            items.merge(c.item(), c.usd(), BigDecimal::add);
        }
    }

    private static boolean readOnly(RequestKind k) {
        return k.group() != RequestKind.Group.PUT_CLASS && k.group() != RequestKind.Group.DELETE;
    }

    private static RequestKind requestKind(String kind) {
        for (RequestKind k : RequestKind.values()) {
            if (k.name().equals(kind)) {
                return k;
            }
        }
        return null;
    }

    /**
     * The sums so far.
     *
     * @param requests  role key → request kind → requests
     * @param bytes     role key → request kind → body bytes moved
     * @param costUsd   line item key → USD (recomputed; {@code other} for entries of no request kind, e.g. restores)
     * @param totalUsd  the sum of the entries' recorded amounts
     * @param entries   ledger entries summed
     */
    public record Snapshot(Map<String, Map<String, Long>> requests, Map<String, Map<String, Long>> bytes,
            Map<String, BigDecimal> costUsd, BigDecimal totalUsd, long entries) {}

    public synchronized Snapshot snapshot() {
        Map<String, Map<String, Long>> req = new LinkedHashMap<>();
        Map<String, Map<String, Long>> bytes = new LinkedHashMap<>();
        byRole.forEach((role, kinds) -> {
            Map<String, Long> r = new LinkedHashMap<>();
            Map<String, Long> b = new LinkedHashMap<>();
            kinds.forEach((k, v) -> {
                r.put(k, v[0]);
                b.put(k, v[1]);
            });
            req.put(role.key(), r);
            bytes.put(role.key(), b);
        });
        Map<String, BigDecimal> cost = new LinkedHashMap<>();
        items.forEach((item, usd) -> cost.put(item.key(), usd));
        if (other.signum() != 0) {
            cost.put("other", other);
        }
        return new Snapshot(req, bytes, cost, total, entries);
    }
}
