/** Campaign metrics (Micrometer, Prometheus exposition) and the {@code /metrics} HTTP endpoint. */
package dev.tierpack.campaign.metrics;
