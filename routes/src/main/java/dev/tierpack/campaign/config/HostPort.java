package dev.tierpack.campaign.config;

import dev.tierpack.core.error.ConfigException;
import java.net.InetSocketAddress;

/** {@code HOST:PORT} of a listening socket ({@code serve --listen}, {@code --metrics-listen}); {@code [::1]:9090} for IPv6. */
public final class HostPort {
    private HostPort() {}

    /**
     * The address {@code text} names; port 0 picks a free port.
     *
     * @param option the option or key that gave it, named in the error
     */
    public static InetSocketAddress parse(String text, String option) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ConfigException(option + " must be HOST:PORT", "option", option, "value", text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(option + " port must be a number in 0..65535", "option", option, "value", text);
        }
        return new InetSocketAddress(host, port);
    }
}
