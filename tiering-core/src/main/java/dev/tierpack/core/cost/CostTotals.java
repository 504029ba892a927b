package dev.tierpack.core.cost;

import dev.tierpack.core.tier.RequestKind;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A snapshot of a {@link CostMeter}: what was spent, by line item and by endpoint.
 *
 * @param costUsd spend by line item key ({@link LineItem#key()}), in line item order, items never charged absent
 * @param endpoints per endpoint name, in registration order
 * @param totalUsd the sum of {@code costUsd}
 */
public record CostTotals(Map<String, BigDecimal> costUsd, Map<String, Endpoint> endpoints, BigDecimal totalUsd) {
    public CostTotals {
        costUsd = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(costUsd));
        endpoints = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(endpoints));
    }

    /**
     * Requests and bytes on one endpoint.
     *
     * @param requests count per request kind (kinds never seen absent)
     * @param bytesIn body bytes received from the endpoint (GETs)
     * @param bytesOut body bytes sent to it (PUTs, parts)
     * @param usd what the endpoint's requests and bytes cost
     */
    public record Endpoint(Role role, Map<RequestKind, Long> requests, long bytesIn, long bytesOut, BigDecimal usd) {
        public Endpoint {
            Map<RequestKind, Long> copy = new java.util.EnumMap<>(RequestKind.class);
            copy.putAll(requests);
            requests = java.util.Collections.unmodifiableMap(copy);
        }

        public long requests(RequestKind kind) {
            return requests.getOrDefault(kind, 0L);
        }
    }
}
