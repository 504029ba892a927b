package dev.tierpack.campaign.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void hostAndPortOrBracketedIpv6() {
        var a = HostPort.parse("127.0.0.1:8080", "--listen");
        assertThat(a.getHostString()).isEqualTo("127.0.0.1");
        assertThat(a.getPort()).isEqualTo(8080);
        var v6 = HostPort.parse("[::1]:0", "--listen");
        assertThat(v6.getAddress().isLoopbackAddress()).isTrue();
        assertThat(v6.getPort()).isZero();
    }

    @Test
    void badAddressesNameTheOptionAndTheValue() {
        for (String bad : new String[] {"9090", ":9090", "host:", null}) {
            assertThatThrownBy(() -> HostPort.parse(bad, "--metrics-listen")).as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("--metrics-listen must be HOST:PORT");
        }
        for (String bad : new String[] {"host:http", "host:70000", "host:-1"}) {
            assertThatThrownBy(() -> HostPort.parse(bad, "--listen")).as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("--listen port must be a number in 0..65535")
                    .hasMessageContaining(bad);
        }
    }
}
