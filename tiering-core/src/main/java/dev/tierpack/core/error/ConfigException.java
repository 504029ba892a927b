package dev.tierpack.core.error;

/** Invalid configuration or command-line usage; the CLI exits with status 2. */
public class ConfigException extends TierpackException {
    public ConfigException(String what, Object... keyValues) {
        super(what, keyValues);
    }

    public ConfigException(String what, Throwable cause, Object... keyValues) {
        super(what, cause, keyValues);
    }
}
