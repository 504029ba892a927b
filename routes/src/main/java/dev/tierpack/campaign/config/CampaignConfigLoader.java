package dev.tierpack.campaign.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tierpack.campaign.config.ConfigDocs.BudgetDoc;
import dev.tierpack.campaign.config.ConfigDocs.CampaignDoc;
import dev.tierpack.campaign.config.ConfigDocs.ColdDoc;
import dev.tierpack.campaign.config.ConfigDocs.EmbeddedColdDoc;
import dev.tierpack.campaign.config.ConfigDocs.EmbeddedWarmDoc;
import dev.tierpack.campaign.config.ConfigDocs.LimitsDoc;
import dev.tierpack.campaign.config.ConfigDocs.MinioDoc;
import dev.tierpack.campaign.config.ConfigDocs.PackingDoc;
import dev.tierpack.campaign.config.ConfigDocs.PlacementDoc;
import dev.tierpack.campaign.config.ConfigDocs.S3ColdDoc;
import dev.tierpack.campaign.config.ConfigDocs.SourceDoc;
import dev.tierpack.campaign.config.ConfigDocs.WarmDoc;
import dev.tierpack.core.cost.Budget;
import dev.tierpack.core.cost.PriceTable;
import dev.tierpack.core.cost.StorageClass;
import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.source.SourceCredentials;
import dev.tierpack.core.source.SourceUri;
import dev.tierpack.core.tier.TierCredentials;
import dev.tierpack.packer.chunk.ChunkerParams;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Reads a campaign file: Jackson YAML binds it to {@link ConfigDocs} (unknown keys rejected), then
 * each value is validated while the {@link CampaignConfig} records are built. Every failure is a
 * {@link ConfigException} naming the key's full path and the file ({@link ConfigErrors}).
 */
final class CampaignConfigLoader {
    /** Campaign files are small; anything larger is a mistake, not a configuration. */
    static final long MAX_FILE_SIZE = 1 << 20;

    private static final ObjectMapper YAML = configure(YAMLMapper.builder(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())).build();
    private static final ObjectMapper PRICES = configure(JsonMapper.builder()).addModule(dates()).build();

    private final Path file;
    private final Path dir;

    private CampaignConfigLoader(Path file) {
        this.file = file;
        this.dir = file.getParent();
    }

    private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B configure(B b) {
        b.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        return b;
    }

    static CampaignConfig load(Path path) {
        Path f = path.toAbsolutePath().normalize();
        CampaignDoc doc;
        try {
            if (Files.size(f) > MAX_FILE_SIZE) {
                throw new ConfigException("campaign file too large", ConfigErrors.FILE, f, "max", MAX_FILE_SIZE);
            }
            try (InputStream in = Files.newInputStream(f)) {
                doc = YAML.readValue(in, CampaignDoc.class);
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("campaign file not found", ConfigErrors.FILE, f);
        } catch (JsonProcessingException e) {
            throw ConfigErrors.translate(e, "", f);
        } catch (IOException e) {
            throw new ConfigException("cannot read campaign file", e, ConfigErrors.FILE, f, "cause", e.toString());
        }
        if (doc == null) {
            throw new ConfigException("campaign file is empty", ConfigErrors.FILE, f);
        }
        return new CampaignConfigLoader(f).build(doc);
    }

    private CampaignConfig build(CampaignDoc d) {
        String name = required(d.name(), "name");
        SourceConfig source = source(required(d.source(), "source"));
        Path stateDir = d.stateDir() == null ? dir.resolve("var").resolve(name) : path(d.stateDir(), "stateDir");
        KafkaConfig kafka = d.kafka() == null ? KafkaConfig.embedded()
                : at("kafka", () -> new KafkaConfig(bootstrap(required(d.kafka().bootstrap(), "kafka.bootstrap"))));
        var tiers = required(d.tiers(), "tiers");
        WarmTierConfig warm = warm(required(tiers.warm(), "tiers.warm"));
        ColdTierConfig cold = cold(required(tiers.cold(), "tiers.cold"));
        Budget budget = budget(required(d.budget(), "budget"));
        Limits limits = d.limits() == null ? Limits.none() : limits(d.limits());
        int concurrency = d.concurrency() == null ? CampaignConfig.DEFAULT_CONCURRENCY : d.concurrency();
        PackingConfig packing = d.packing() == null ? PackingConfig.defaults() : packing(d.packing());
        PriceTable prices = prices(d.prices());
        PlacementConfig placement = d.placement() == null ? PlacementConfig.defaults() : placement(d.placement());
        return at("", () -> new CampaignConfig(file, name, source, stateDir, kafka, warm, cold, budget, limits,
                concurrency, packing, prices, placement));
    }

    // ---------------------------------------------------------------- source

    private SourceConfig source(JsonNode node) {
        SourceDoc s;
        if (node.isTextual()) {
            s = new SourceDoc(node.textValue(), null, null, null, null, null, null, null, null);
        } else if (node.isObject()) {
            try {
                s = YAML.treeToValue(node, SourceDoc.class);
            } catch (JsonProcessingException e) {
                throw ConfigErrors.translate(e, "source", file);
            }
        } else {
            throw ConfigErrors.invalid("source", "expected a URI (file:///path, s3://bucket/prefix) or a mapping with uri", file);
        }
        String uri = required(s.uri(), node.isTextual() ? "source" : "source.uri");
        String uriKey = node.isTextual() ? "source" : "source.uri";
        if (uri.startsWith("file:") && !uri.startsWith("file:/")) {
            uri = path(uri.substring("file:".length()), uriKey).toUri().toString();
        }
        String u = uri;
        SourceUri parsed = at(uriKey, () -> SourceUri.parse(u));
        StorageClass cls = s.storageClass() == null ? StorageClass.STANDARD
                : at("source.storageClass", () -> StorageClass.parse(s.storageClass()));
        Optional<Path> inventory = Optional.ofNullable(s.inventory()).map(p -> path(p, "source.inventory"));
        return switch (parsed) {
            case SourceUri.LocalDir dir -> {
                rejectForFiles(s);
                if (inventory.isPresent()) {
                    throw ConfigErrors.invalid("source.inventory", "an S3 Inventory describes an s3:// source", file);
                }
                yield at("source", () -> new SourceConfig(dir, cls, Optional.empty()));
            }
            case SourceUri.S3 s3 -> {
                SourceUri.S3 full = s3Source(s3, s, u.contains("?"), uriKey);
                yield at("source", () -> new SourceConfig(full, cls, inventory));
            }
        };
    }

    private void rejectForFiles(SourceDoc s) {
        Map<String, Object> s3Only = new java.util.LinkedHashMap<>();
        s3Only.put("endpoint", s.endpoint());
        s3Only.put("region", s.region());
        s3Only.put("credentialsFile", s.credentialsFile());
        s3Only.put("profile", s.profile());
        s3Only.put("credentials", s.credentials());
        s3Only.put("pageSize", s.pageSize());
        s3Only.forEach((k, v) -> {
            if (v != null) {
                throw ConfigErrors.invalid("source." + k, "only for s3:// sources", file);
            }
        });
    }

    private SourceUri.S3 s3Source(SourceUri.S3 base, SourceDoc s, boolean hasQuery, String uriKey) {
        boolean fields = s.endpoint() != null || s.region() != null || s.credentialsFile() != null || s.profile() != null
                || s.credentials() != null || s.pageSize() != null;
        if (fields && hasQuery) {
            throw ConfigErrors.invalid(uriKey, "give endpoint, region, credentials and page size either in the URI's "
                    + "query or as source keys, not both", file);
        }
        SourceUri.S3 r = base;
        if (s.region() != null) {
            r = at("source.region", () -> new SourceUri.S3(base.bucket(), base.prefix(), s.region(), null, false,
                    base.credentials(), base.pageSize()));
        }
        if (s.endpoint() != null) {
            URI endpoint = uri(s.endpoint(), "source.endpoint");
            SourceUri.S3 cur = r;
            r = at("source.endpoint", () -> new SourceUri.S3(cur.bucket(), cur.prefix(), cur.region(), endpoint, true,
                    cur.credentials(), cur.pageSize()));
        }
        if (s.pageSize() != null) {
            SourceUri.S3 cur = r;
            r = at("source.pageSize", () -> cur.withPageSize(s.pageSize()));
        }
        if (s.credentialsFile() != null || s.profile() != null || s.credentials() != null) {
            r = r.withCredentials(sourceCredentials(s));
        }
        return r;
    }

    private SourceCredentials sourceCredentials(SourceDoc s) {
        if (s.credentials() != null) {
            if (s.credentialsFile() != null || s.profile() != null) {
                throw ConfigErrors.invalid("source.credentials", "cannot be combined with credentialsFile or profile", file);
            }
            return switch (s.credentials()) {
                case "default" -> new SourceCredentials.DefaultChain();
                case "env" -> new SourceCredentials.Environment();
                case "anonymous" -> new SourceCredentials.Anonymous();
                default -> throw ConfigErrors.invalid("source.credentials", "expected default, env or anonymous", file,
                        "value", s.credentials());
            };
        }
        if (s.profile() != null && s.profile().isBlank()) {
            throw ConfigErrors.invalid("source.profile", "must not be blank", file);
        }
        if (s.credentialsFile() != null) {
            return new SourceCredentials.File(path(s.credentialsFile(), "source.credentialsFile"), s.profile());
        }
        return new SourceCredentials.Profile(s.profile());
    }

    // ---------------------------------------------------------------- kafka, tiers, budget, limits

    private List<String> bootstrap(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String item : raw) {
            if (item == null) {
                throw ConfigErrors.invalid("kafka.bootstrap", "empty entry", file);
            }
            for (String part : item.split(",", -1)) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private WarmTierConfig warm(WarmDoc w) {
        return switch (w) {
            case EmbeddedWarmDoc e -> at("tiers.warm", () -> new WarmTierConfig.Embedded(
                    e.bucket() == null ? WarmTierConfig.Embedded.DEFAULT_BUCKET : e.bucket()));
            case MinioDoc m -> {
                String endpoint = required(m.endpoint(), "tiers.warm.endpoint");
                String bucket = required(m.bucket(), "tiers.warm.bucket");
                Path creds = path(required(m.credentialsFile(), "tiers.warm.credentialsFile"), "tiers.warm.credentialsFile");
                yield at("tiers.warm", () -> new WarmTierConfig.Minio(endpoint, bucket, creds, m.tls() == null || m.tls()));
            }
        };
    }

    private ColdTierConfig cold(ColdDoc c) {
        return switch (c) {
            case EmbeddedColdDoc e -> {
                StorageClass cls = coldClass(e.storageClass());
                yield at("tiers.cold", () -> new ColdTierConfig.Embedded(
                        e.bucket() == null ? ColdTierConfig.Embedded.DEFAULT_BUCKET : e.bucket(), cls));
            }
            case S3ColdDoc s -> {
                String bucket = required(s.bucket(), "tiers.cold.bucket");
                String region = required(s.region(), "tiers.cold.region");
                URI endpoint = s.endpoint() == null ? null : uri(s.endpoint(), "tiers.cold.endpoint");
                StorageClass cls = coldClass(s.storageClass());
                TierCredentials creds = tierCredentials(s);
                yield at("tiers.cold", () -> new ColdTierConfig.S3(bucket, s.prefix(), region, endpoint, cls, creds));
            }
        };
    }

    private StorageClass coldClass(String value) {
        if (value == null) {
            return StorageClass.DEEP_ARCHIVE;
        }
        StorageClass parsed = at("tiers.cold.storageClass", () -> StorageClass.parse(value));
        return at("tiers.cold", () -> ColdTierConfig.checkColdClass(parsed));
    }

    private TierCredentials tierCredentials(S3ColdDoc s) {
        if (s.credentials() != null) {
            if (s.credentialsFile() != null || s.profile() != null) {
                throw ConfigErrors.invalid("tiers.cold.credentials", "cannot be combined with credentialsFile or profile", file);
            }
            return switch (s.credentials()) {
                case "default" -> new TierCredentials.DefaultChain();
                case "env" -> new TierCredentials.Environment();
                default -> throw ConfigErrors.invalid("tiers.cold.credentials", "expected default or env", file,
                        "value", s.credentials());
            };
        }
        if (s.profile() != null && s.profile().isBlank()) {
            throw ConfigErrors.invalid("tiers.cold.profile", "must not be blank", file);
        }
        if (s.credentialsFile() != null) {
            Path p = path(s.credentialsFile(), "tiers.cold.credentialsFile");
            if (p.getFileName().toString().endsWith(".properties")) {
                if (s.profile() != null) {
                    throw ConfigErrors.invalid("tiers.cold.profile", "a .properties credentials file has no profiles", file);
                }
                return new TierCredentials.KeyFile(p);
            }
            return new TierCredentials.AwsFile(p, s.profile());
        }
        return s.profile() != null ? new TierCredentials.Profile(s.profile()) : new TierCredentials.DefaultChain();
    }

    private Budget budget(BudgetDoc b) {
        var monthly = required(b.monthlyCapUsd(), "budget.monthlyCapUsd");
        return at("budget", () -> new Budget(monthly, b.totalCapUsd(), b.restoreCapUsd()));
    }

    private Limits limits(LimitsDoc l) {
        OptionalLong bytes = l.sourceBytesPerSecond() == null ? OptionalLong.empty()
                : OptionalLong.of(size(l.sourceBytesPerSecond(), "limits.sourceBytesPerSecond"));
        return at("limits", () -> new Limits(optional(l.sourceRequestsPerSecond()), bytes,
                optional(l.tierRequestsPerSecond())));
    }

    private static OptionalDouble optional(Double d) {
        return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    // ---------------------------------------------------------------- packing, prices, placement

    private PackingConfig packing(PackingDoc p) {
        PackingConfig d = PackingConfig.defaults();
        ChunkerParams chunker = p.chunkAvgSize() == null ? d.chunker()
                : at("packing.chunkAvgSize", () -> ChunkerParams.of(intSize(p.chunkAvgSize(), "packing.chunkAvgSize")));
        long packSize = p.packSize() == null ? d.packSize() : size(p.packSize(), "packing.packSize");
        int segment = p.segmentSize() == null ? d.segmentSize() : intSize(p.segmentSize(), "packing.segmentSize");
        int level = p.zstdLevel() == null ? d.zstdLevel() : p.zstdLevel();
        int part = p.partSize() == null ? d.partSize() : intSize(p.partSize(), "packing.partSize");
        return at("packing", () -> new PackingConfig(chunker, packSize, segment, level, part));
    }

    private PriceTable prices(JsonNode override) {
        PriceTable defaults = PriceTable.defaults();
        if (override == null || override.isNull()) {
            return defaults;
        }
        if (!override.isObject()) {
            throw ConfigErrors.invalid("prices", "expected a mapping of keys", file);
        }
        ObjectNode tree = PRICES.valueToTree(defaults);
        merge(tree, (ObjectNode) override);
        try {
            return PRICES.treeToValue(tree, PriceTable.class);
        } catch (JsonProcessingException e) {
            throw ConfigErrors.translate(e, "prices", file);
        } catch (IllegalArgumentException e) {
            throw ConfigErrors.invalid("prices", String.valueOf(e.getMessage()), file);
        }
    }

    /** Deep merge: mappings merge key by key, anything else (scalars, lists) replaces. */
    static void merge(ObjectNode into, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode cur = into.get(e.getKey());
            if (cur instanceof ObjectNode curObj && e.getValue() instanceof ObjectNode overObj) {
                merge(curObj, overObj);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    private PlacementConfig placement(PlacementDoc p) {
        List<Path> roots = new ArrayList<>();
        List<String> hot = p.hotRoots() == null ? List.of() : p.hotRoots();
        for (int i = 0; i < hot.size(); i++) {
            roots.add(path(required(hot.get(i), "placement.hotRoots[" + i + "]"), "placement.hotRoots[" + i + "]"));
        }
        Optional<Path> log = Optional.ofNullable(p.accessLog()).map(a -> path(a, "placement.accessLog"));
        List<String> pins = p.pins() == null ? List.of() : p.pins();
        for (int i = 0; i < pins.size(); i++) {
            required(pins.get(i), "placement.pins[" + i + "]");
        }
        return at("placement", () -> new PlacementConfig(roots, p.fixedOutputsHot() == null || p.fixedOutputsHot(), log,
                pins, p.hotNewestBumps() == null ? OptionalInt.empty() : OptionalInt.of(p.hotNewestBumps()),
                p.maxAgeDays() == null ? OptionalInt.empty() : OptionalInt.of(p.maxAgeDays())));
    }

    // ---------------------------------------------------------------- helpers

    private <T> T required(T value, String key) {
        if (value == null || value instanceof String s && s.isBlank()
                || value instanceof JsonNode n && (n.isNull() || n.isMissingNode())) {
            throw ConfigErrors.missing(key, file);
        }
        return value;
    }

    private <T> T at(String key, Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigException e) {
            throw ConfigErrors.at(key, e, file);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ConfigErrors.invalidCaused(key, String.valueOf(e.getMessage()), file, e);
        }
    }

    /** A path from the file, resolved against the file's directory when relative. */
    private Path path(String value, String key) {
        if (value == null || value.isBlank()) {
            throw ConfigErrors.missing(key, file);
        }
        try {
            return dir.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw ConfigErrors.invalid(key, "not a valid path: " + e.getReason(), file, "value", value);
        }
    }

    private URI uri(String value, String key) {
        try {
            URI u = new URI(value);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw ConfigErrors.invalid(key, "expected http(s)://host[:port]", file, "value", value);
            }
            if (u.getUserInfo() != null) {
                throw ConfigErrors.invalid(key, "credentials do not belong in an endpoint URI", file);
            }
            return u;
        } catch (URISyntaxException e) {
            throw ConfigErrors.invalid(key, "not a URI: " + e.getReason(), file, "value", value);
        }
    }

    private long size(String value, String key) {
        return at(key, () -> Sizes.parse(value));
    }

    private int intSize(String value, String key) {
        long n = size(value, key);
        if (n > Integer.MAX_VALUE) {
            throw ConfigErrors.invalid(key, "size too large", file, "value", value);
        }
        return (int) n;
    }

    private static SimpleModule dates() {
        SimpleModule m = new SimpleModule("tierpack-dates");
        m.addSerializer(LocalDate.class, new StdScalarSerializer<>(LocalDate.class) {
            @Override
            public void serialize(LocalDate value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        m.addDeserializer(LocalDate.class, new StdScalarDeserializer<>(LocalDate.class) {
            @Override
            public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return LocalDate.parse(text == null ? "" : text);
                } catch (DateTimeParseException e) {
                    return (LocalDate) ctxt.handleWeirdStringValue(LocalDate.class, text, "expected a date like 2025-06-01");
                }
            }
        });
        return m;
    }
}
