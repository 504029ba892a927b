package dev.tierpack.cli;

import dev.tierpack.campaign.runtime.RuntimeSettings;
import picocli.CommandLine.Option;

/**
 * Options of the commands that run a campaign's ingest ({@code campaign run|worker|list}, and {@code bench ingest},
 * which passes them to the campaigns it measures). Each default is the mixin's initial value, so a command that needs
 * another one (the benchmark's small caches) creates the mixin with it; a command may word the description in its own
 * resource bundle under the option's name (picocli's default description key).
 */
final class IngestOptions {
    private IngestOptions() {}

    /** {@code --pack-size}: the target pack size. */
    static final class PackSize {
        @Option(names = "--pack-size", paramLabel = "SIZE",
                description = "target pack size, e.g. 512m, 64m, 256k (default: ${DEFAULT-VALUE})")
        String text;

        PackSize() {
            this("512m");
        }

        PackSize(String defaultSize) {
            this.text = defaultSize;
        }

        long bytes() {
            return CampaignCommand.Sizes.parse(text, "--pack-size");
        }
    }

    /** {@code --batch-size}: store paths per committed batch. */
    static final class BatchSize {
        @Option(names = "--batch-size", paramLabel = "N",
                description = "store paths per committed batch (default: ${DEFAULT-VALUE})")
        int storePaths;

        BatchSize() {
            this(RuntimeSettings.DEFAULT_BATCH_SIZE);
        }

        BatchSize(int defaultStorePaths) {
            this.storePaths = defaultStorePaths;
        }
    }

    /** {@code --concurrency}: narinfo reads in flight while listing. */
    static final class Concurrency {
        @Option(names = "--concurrency", paramLabel = "N",
                description = "narinfo reads in flight while listing (default: ${DEFAULT-VALUE})")
        int reads;

        Concurrency() {
            this(RuntimeSettings.DEFAULT_CONCURRENCY);
        }

        Concurrency(int defaultReads) {
            this.reads = defaultReads;
        }
    }
}
