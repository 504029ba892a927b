package dev.tierpack.core.tier;

import dev.tierpack.core.embedded.EmbeddedS3;
import dev.tierpack.core.testing.FaultyS3Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An embedded server with a {@link FaultyS3Proxy} in front, shared by the tests of a class; faults and log cleared per test. */
abstract class ProxyFixture {
    static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;

    static EmbeddedS3 server;
    static FaultyS3Proxy proxy;

    abstract String bucket();

    @BeforeAll
    static void start() {
        server = EmbeddedS3.start(dir, 0);
        proxy = FaultyS3Proxy.start(server.endpoint());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        server.close();
    }

    @BeforeEach
    void clean() {
        server.createBucketIfMissing(bucket());
        proxy.restore();
        proxy.clearFaults();
        proxy.clearLog();
    }

    Tier viaProxy(ProxiedTiers backend) {
        return backend.open(server, proxy.endpoint(), bucket());
    }

    Tier direct(ProxiedTiers backend) {
        return backend.open(server, server.endpoint(), bucket());
    }
}
