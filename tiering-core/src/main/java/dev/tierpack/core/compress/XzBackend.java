package dev.tierpack.core.compress;

import dev.tierpack.core.error.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The three {@code .xz} decoders, all with the same contract (streaming, bounded memory, exactly
 * the inputs {@code xz -dc} accepts, {@code FormatException} naming the object and the reason on bad
 * input) and byte-identical output.
 *
 * <p>{@link #selected()}: the system property {@code tierpack.xz} ({@code native}, {@code java} or
 * {@code process}) if set, else {@link #NATIVE} when liblzma is available, else {@link #JAVA}.
 */
public enum XzBackend {
    /** liblzma through the FFM API ({@link NativeXz}): as fast as {@code xz -dc}. The default. */
    NATIVE,
    /** org.tukaani:xz, pure Java: always available, 0.62x-0.80x of {@code xz -dc}. */
    JAVA,
    /** A pipe through an {@code xz -dc -T1} child process ({@link XzProcessDecoder}). */
    PROCESS;

    /** The system property choosing the decoder. */
    public static final String PROPERTY = "tierpack.xz";

    /** Whether this decoder can run in this JVM. */
    public boolean isAvailable() {
        return switch (this) {
            case NATIVE -> NativeXz.isAvailable();
            case JAVA -> true;
            case PROCESS -> XzProcessDecoder.isAvailable();
        };
    }

    /**
     * A decoder of {@code compressed} (owned by the returned stream: closing it closes the source).
     *
     * @throws IllegalStateException if this decoder is not available (the source is then closed)
     */
    public InputStream open(InputStream compressed, String objectName) {
        return switch (this) {
            case NATIVE -> NativeXz.decoder(compressed, objectName);
            case JAVA -> JavaCodecs.xz(compressed, objectName);
            case PROCESS -> {
                try {
                    yield new XzProcessDecoder(compressed, objectName);
                } catch (IOException e) {
                    IllegalStateException ise = new IllegalStateException("cannot start xz -dc", new UncheckedIOException(e));
                    NativeXz.closeQuietly(compressed, ise);
                    throw ise;
                }
            }
        };
    }

    /**
     * The decoder to use: {@code -Dtierpack.xz=native|java|process}, else native if available, else Java.
     *
     * @throws ConfigException if the property names an unknown or unavailable decoder
     */
    public static XzBackend selected() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return NativeXz.isAvailable() ? NATIVE : JAVA;
        }
        XzBackend chosen;
        try {
            chosen = valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("unknown xz decoder", "property", PROPERTY, "value", value, "expected", "native|java|process");
        }
        if (!chosen.isAvailable()) {
            throw new ConfigException("xz decoder not available", "property", PROPERTY, "value", value,
                    "reason", chosen == NATIVE ? NativeXz.unavailableReason().orElse("?") : "no xz executable on PATH");
        }
        return chosen;
    }
}
