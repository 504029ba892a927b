package dev.tierpack.cli;

import picocli.CommandLine.Option;

/**
 * {@code --warm URI --cold URI}: the tiers on the command line ({@link TierUris} forms), shared by the read-back
 * commands ({@link ReadBackOptions}) and the maintenance commands ({@link MaintenanceTiers}). No secret is ever part
 * of a URI: credentials come from files named in it or from the environment.
 */
final class TierUriOptions {
    static final String DEFAULT_WARM = "embedded:" + LocalTiers.WARM_BUCKET;

    @Option(names = "--warm", paramLabel = "URI", defaultValue = DEFAULT_WARM,
            description = {"warm tier: embedded:BUCKET (embedded S3 under STATE_DIR/s3), s3://bucket/prefix?endpoint=..."
                    + "&credentials-file=..., or minio://host:port/bucket?credentials-file=F (default: ${DEFAULT-VALUE})"})
    String warm;

    @Option(names = "--cold", paramLabel = "URI",
            description = "cold tier, same forms; without it, read-back commands answer that cold data needs a restore, "
                    + "packer and retire commands use embedded:" + LocalTiers.COLD_BUCKET)
    String cold;
}
