package dev.tierpack.campaign.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.error.TierException;
import dev.tierpack.core.tier.RequestKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The {@code /metrics} endpoint and what it serves. */
class MetricsServerTest {

    @Test
    void servesThePrometheusExpositionOfTheCampaignMetrics() throws Exception {
        CampaignMetrics m = new CampaignMetrics("demo");
        m.onRequest("warm", RequestKind.PUT, 1234);
        m.onRequest("warm", RequestKind.PUT, 766);
        m.bindCostMeter(() -> 1.25);
        m.bindBudgetRemaining(() -> 248.75);
        try (MetricsServer s = MetricsServer.start("127.0.0.1:0", m)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).get().asString().startsWith("text/plain");
            assertThat(r.body())
                    .contains("tierpack_requests_total{campaign=\"demo\",endpoint=\"warm\",kind=\"PUT\"} 2.0")
                    .contains("tierpack_request_bytes_total{campaign=\"demo\",endpoint=\"warm\",kind=\"PUT\"} 2000.0")
                    .contains("tierpack_cost_spent_usd{campaign=\"demo\"} 1.25")
                    .contains("tierpack_budget_remaining_usd{campaign=\"demo\"} 248.75");
        }
    }

    @Test
    void badAddressesAreConfigErrors() {
        assertThatThrownBy(() -> MetricsServer.parse("9090")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--metrics-listen");
        assertThatThrownBy(() -> MetricsServer.parse("localhost:http")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> MetricsServer.parse("localhost:70000")).isInstanceOf(ConfigException.class);
        assertThat(MetricsServer.parse("[::1]:9090").getPort()).isEqualTo(9090);
    }

    @Test
    void errorsAreKindedByCodeStatusOrTransport() {
        assertThat(CampaignMetrics.errorKind(new TierException("x", null, "warm", "put", "k", 503, "SlowDown", true,
                null))).isEqualTo("SlowDown");
        assertThat(CampaignMetrics.errorKind(new TierException("x", null, "warm", "put", "k", 502, null, true,
                null))).isEqualTo("502");
        assertThat(CampaignMetrics.errorKind(new TierException("x", null, "warm", "put", "k", TierException.NO_STATUS,
                null, true, null))).isEqualTo("transport");
    }
}
