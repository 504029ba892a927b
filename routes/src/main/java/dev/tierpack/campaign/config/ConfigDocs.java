package dev.tierpack.campaign.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * The campaign file as Jackson reads it: every key optional, nothing validated. The shape (key names,
 * nesting, the {@code type} of tiers) is enforced here, with unknown keys rejected; values are checked
 * by {@link CampaignConfigLoader} while it builds the validated records, so that every error names
 * its key's full path.
 */
final class ConfigDocs {
    private ConfigDocs() {}

    record CampaignDoc(String name, JsonNode source, String stateDir, KafkaDoc kafka, TiersDoc tiers, BudgetDoc budget,
            LimitsDoc limits, Integer concurrency, PackingDoc packing, JsonNode prices, PlacementDoc placement) {}

    /** The object form of {@code source}; the scalar form is just {@code uri}. */
    record SourceDoc(String uri, String endpoint, String region, String credentialsFile, String profile,
            String credentials, Integer pageSize, String storageClass, String inventory) {}

    record KafkaDoc(@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> bootstrap) {}

    record TiersDoc(WarmDoc warm, ColdDoc cold) {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = EmbeddedWarmDoc.class, name = "embedded"),
            @JsonSubTypes.Type(value = MinioDoc.class, name = "minio")})
    sealed interface WarmDoc permits EmbeddedWarmDoc, MinioDoc {}

    record EmbeddedWarmDoc(String bucket) implements WarmDoc {}

    record MinioDoc(String endpoint, String bucket, String credentialsFile, Boolean tls) implements WarmDoc {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = EmbeddedColdDoc.class, name = "embedded"),
            @JsonSubTypes.Type(value = S3ColdDoc.class, name = "s3")})
    sealed interface ColdDoc permits EmbeddedColdDoc, S3ColdDoc {}

    record EmbeddedColdDoc(String bucket, String storageClass) implements ColdDoc {}

    record S3ColdDoc(String bucket, String prefix, String region, String endpoint, String storageClass,
            String credentialsFile, String profile, String credentials) implements ColdDoc {}

    record BudgetDoc(BigDecimal monthlyCapUsd, BigDecimal totalCapUsd, BigDecimal restoreCapUsd) {}

    record LimitsDoc(Double sourceRequestsPerSecond, String sourceBytesPerSecond, Double tierRequestsPerSecond) {}

    record PackingDoc(String chunkAvgSize, String packSize, String segmentSize, Integer zstdLevel, String partSize) {}

    record PlacementDoc(List<String> hotRoots, Boolean fixedOutputsHot, String accessLog, List<String> pins,
            Integer hotNewestBumps, Integer maxAgeDays) {}
}
