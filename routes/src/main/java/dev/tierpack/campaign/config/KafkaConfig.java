package dev.tierpack.campaign.config;

import dev.tierpack.core.error.ConfigException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the campaign's Kafka is: {@code embedded} (a KRaft broker under the state directory) or a
 * list of {@code host:port} bootstrap servers.
 */
public record KafkaConfig(List<String> bootstrap) {
    public static final String EMBEDDED = "embedded";
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?):([0-9]{1,5})");

    public KafkaConfig {
        if (bootstrap == null || bootstrap.isEmpty()) {
            throw new ConfigException("expected embedded or a list of host:port", "key", "bootstrap");
        }
        bootstrap = List.copyOf(bootstrap);
        if (!(bootstrap.size() == 1 && bootstrap.getFirst().equals(EMBEDDED))) {
            for (int i = 0; i < bootstrap.size(); i++) {
                var m = HOST_PORT.matcher(bootstrap.get(i));
                if (!m.matches() || Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535) {
                    throw new ConfigException("expected embedded or host:port", "key", "bootstrap[" + i + "]",
                            "value", bootstrap.get(i));
                }
            }
        }
    }

    public static KafkaConfig embedded() {
        return new KafkaConfig(List.of(EMBEDDED));
    }

    public boolean isEmbedded() {
        return bootstrap.equals(List.of(EMBEDDED));
    }

    /** {@code host:port,host:port} for Kafka clients; not meaningful when embedded. */
    public String bootstrapServers() {
        return String.join(",", bootstrap);
    }
}
