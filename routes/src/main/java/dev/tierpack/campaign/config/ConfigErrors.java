package dev.tierpack.campaign.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.tierpack.core.error.ConfigException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns Jackson's exceptions and the validating records' {@link ConfigException}s into one message
 * form that names the key's full path:
 *
 * <pre>
 * unknown key in campaign file: key=tiers.cold.bucketName known=bucket,storageClass file=/etc/c.yaml
 * invalid value in campaign file: key=tiers.cold.storageClass reason="cold storage class must be …" value=STANDARD file=…
 * missing required key in campaign file: key=budget.monthlyCapUsd file=…
 * </pre>
 *
 * Values are echoed only for keys that cannot hold a secret (there are none in the file: keys that
 * look like secrets are rejected by name, without their value).
 */
final class ConfigErrors {
    /** Context key marking an exception that already names its full path. */
    static final String FILE = "file";
    private static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(secret|password|passwd|token|accesskey|access_key|apikey|api_key).*");

    private ConfigErrors() {}

    static ConfigException missing(String key, Path file) {
        return new ConfigException("missing required key in campaign file", "key", key, FILE, file);
    }

    static ConfigException invalid(String key, String reason, Path file, Object... more) {
        return invalidCaused(key, reason, file, null, more);
    }

    static ConfigException invalidCaused(String key, String reason, Path file, Throwable cause, Object... more) {
        Object[] kv = new Object[4 + more.length + 2];
        kv[0] = "key";
        kv[1] = key;
        kv[2] = "reason";
        kv[3] = reason;
        System.arraycopy(more, 0, kv, 4, more.length);
        kv[kv.length - 2] = FILE;
        kv[kv.length - 1] = file;
        return new ConfigException("invalid value in campaign file", cause, kv);
    }

    /** Rethrows a record's validation failure with the full path of the key it names (relative to {@code path}). */
    static ConfigException at(String path, ConfigException e, Path file) {
        if (e.get(FILE) != null) {
            return e; // already names its full path
        }
        Object rel = e.get("key");
        String key = rel == null ? path : join(path, rel.toString());
        Map<String, Object> rest = new TreeMap<>(e.context());
        rest.remove("key");
        Object[] more = new Object[rest.size() * 2];
        int i = 0;
        for (var entry : rest.entrySet()) {
            more[i++] = entry.getKey();
            more[i++] = entry.getValue();
        }
        return invalidCaused(key, e.what(), file, e, more);
    }

    static String join(String path, String key) {
        if (path.isEmpty()) {
            return key;
        }
        return key.startsWith("[") ? path + key : path + "." + key;
    }

    /** The path of a Jackson exception, below {@code prefix}. */
    static String path(String prefix, JsonMappingException e) {
        StringBuilder sb = new StringBuilder(prefix);
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static ConfigException translate(JsonProcessingException e, String prefix, Path file) {
        return switch (e) {
            case JsonMappingException m when m.getCause() instanceof StreamReadException r -> syntax(r, file);
            case UnrecognizedPropertyException u -> unknownKey(path(prefix, u), u.getPropertyName(), u.getKnownPropertyIds(), file);
            case InvalidTypeIdException t -> typeId(path(prefix, t), t, file);
            case ValueInstantiationException v when v.getCause() instanceof ConfigException ce -> at(path(prefix, v), ce, file);
            case InvalidFormatException f -> invalid(path(prefix, f), expected(f.getTargetType()), file,
                    "value", String.valueOf(f.getValue()));
            case MismatchedInputException m when m.getPath().isEmpty() && prefix.isEmpty() && m.getTargetType() != null
                    && m.getTargetType().getSimpleName().equals("CampaignDoc") ->
                    new ConfigException("campaign file must be a YAML mapping of keys (it is empty or of another shape)",
                            FILE, file, "cause", m.getOriginalMessage());
            case MismatchedInputException m -> invalid(path(prefix, m), expected(m.getTargetType()), file);
            case DatabindException d -> invalid(path(prefix, (JsonMappingException) d), d.getOriginalMessage(), file);
            case StreamReadException r -> syntax(r, file);
            default -> new ConfigException("cannot read campaign file", e, FILE, file, "cause", e.getOriginalMessage());
        };
    }

    private static ConfigException unknownKey(String key, String name, Collection<Object> known, Path file) {
        if (SECRET_LIKE.matcher(name).matches()) {
            return new ConfigException("secrets do not belong in the campaign file: name a credentialsFile, a profile "
                    + "or the environment instead", "key", key, FILE, file);
        }
        String knownKeys = known == null ? "" : known.stream().map(Object::toString).sorted().collect(Collectors.joining(","));
        return new ConfigException("unknown key in campaign file", "key", key, "known", knownKeys, FILE, file);
    }

    private static ConfigException typeId(String path, InvalidTypeIdException t, Path file) {
        JsonSubTypes sub = t.getBaseType() == null ? null : t.getBaseType().getRawClass().getAnnotation(JsonSubTypes.class);
        String names = sub == null ? "" : Arrays.stream(sub.value()).map(JsonSubTypes.Type::name).collect(Collectors.joining(","));
        String key = join(path, "type");
        if (t.getTypeId() == null) {
            return new ConfigException("missing required key in campaign file", "key", key, "expected", names, FILE, file);
        }
        return invalid(key, "unknown type", file, "value", t.getTypeId(), "expected", names);
    }

    private static ConfigException syntax(StreamReadException r, Path file) {
        for (Throwable t = r; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
                return new ConfigException("campaign file is not valid YAML", r, FILE, file,
                        "line", y.getProblemMark().getLine() + 1, "column", y.getProblemMark().getColumn() + 1,
                        "cause", Objects.toString(y.getProblem(), ""));
            }
        }
        JsonLocation at = r.getLocation();
        return new ConfigException("campaign file is not valid YAML", r, FILE, file,
                "line", at == null ? "?" : at.getLineNr(), "column", at == null ? "?" : at.getColumnNr(),
                "cause", Objects.toString(r.getOriginalMessage(), "").lines().findFirst().orElse(""));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "unexpected value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == BigInteger.class) {
            return "expected an integer";
        }
        if (type == Double.class || type == double.class || type == BigDecimal.class) {
            return "expected a number";
        }
        if (type == java.time.LocalDate.class) {
            return "expected a date like 2025-06-01";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "expected true or false";
        }
        if (type == String.class) {
            return "expected a single value";
        }
        if (type.isEnum()) {
            return "expected one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(","));
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
            return "expected a list";
        }
        return "expected a mapping of keys";
    }
}
