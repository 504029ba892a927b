package dev.tierpack.loadbench;

import java.util.Locale;

/** What a load run measures. */
public enum Scenario {
    /** The lister path: list, read and parse narinfos, commit work records to Kafka. No NAR is read. */
    NARINFO,
    /** A whole campaign: decompress, chunk, pack and publish to the embedded warm tier. */
    FULL,
    /** {@code packer verify --full} of the tiers a full run wrote. */
    VERIFY;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
