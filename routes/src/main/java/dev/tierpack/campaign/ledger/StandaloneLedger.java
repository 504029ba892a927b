package dev.tierpack.campaign.ledger;

import dev.tierpack.campaign.records.CampaignTopics;
import dev.tierpack.campaign.runtime.RuntimeSettings;
import dev.tierpack.campaign.runtime.StateDir;
import dev.tierpack.kafka.EmbeddedKafka;
import dev.tierpack.kafka.TopicReader;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A campaign's ledger opened outside a campaign run (re-placement, restores by {@code restore}, {@code serve} and
 * {@code packer verify}): the campaign's Kafka (the embedded broker under its state dir when the file says
 * {@code embedded}), its topics, and a {@link CampaignLedger} whose {@link CampaignLedger.Writer#REPLACE} entries
 * carry the source header {@code source}, fenced with the transactional id {@code tierpack.<c>.ledger-<source>}
 * (one per kind of writer, so that a {@code serve} and a {@code replace run} never fence each other) and read back
 * into its spend tally. Closes the ledger, then the broker it started.
 */
public final class StandaloneLedger implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final CampaignLedger ledger;
    private final EmbeddedKafka kafka;

    private StandaloneLedger(CampaignLedger ledger, EmbeddedKafka kafka) {
        this.ledger = ledger;
        this.kafka = kafka;
    }

    /**
     * @param warmTier the warm tier's name as it reports requests
     * @param coldTier the cold tier's name
     * @param source   what writes: {@code replace}, {@code restore}, {@code serve}, {@code verify}
     */
    public static StandaloneLedger open(RuntimeSettings settings, String warmTier, String coldTier, String source) {
        Objects.requireNonNull(source, "source");
        EmbeddedKafka kafka = null;
        CampaignLedger ledger = null;
        try {
            String bootstrap = settings.kafkaBootstrap();
            if (settings.embeddedKafka()) {
                kafka = EmbeddedKafka.start(new StateDir(settings.stateDir()).embeddedKafka(), settings.partitions());
                bootstrap = kafka.bootstrapServers();
            }
            CampaignTopics topics = new CampaignTopics(settings.campaign());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                topics.ensure(admin, settings.partitions());
            }
            ledger = new CampaignLedger(topics, settings.cost(), warmTier, coldTier).source(source);
            ledger.fence(bootstrap, "tierpack." + settings.campaign() + ".ledger-" + source);
            try (TopicReader reader = new TopicReader(bootstrap)) {
                ledger.rebuild(reader, READ_TIMEOUT);
            }
            return new StandaloneLedger(ledger, kafka);
        } catch (RuntimeException | Error e) {
            if (ledger != null) {
                ledger.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
    }

    public CampaignLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        try {
            ledger.close();
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }
}
