package dev.tierpack.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierpack.core.error.ConfigException;
import dev.tierpack.core.s3.Credentials;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceUriTest {

    @Test
    void bareBucket() {
        SourceUri.S3 s3 = (SourceUri.S3) SourceUri.parse("s3://nix-cache");
        assertThat(s3).isEqualTo(new SourceUri.S3("nix-cache", "", "us-east-1", null, false,
                new SourceCredentials.DefaultChain(), 1000));
        assertThat(s3.describe()).isEqualTo("s3://nix-cache/");
    }

    @ParameterizedTest
    @CsvSource({
        "s3://b-1/cache,        cache/",
        "s3://b-1/cache/,       cache/",
        "s3://b-1/a/b/c,        a/b/c/",
        "s3://b-1//cache,       cache/",
        "s3://b-1/,             ''",
    })
    void prefixIsNormalisedToEndInSlash(String uri, String prefix) {
        assertThat(((SourceUri.S3) SourceUri.parse(uri)).prefix()).isEqualTo(prefix);
    }

    @Test
    void allParameters() {
        SourceUri.S3 s3 = (SourceUri.S3) SourceUri.parse(
                "s3://bucket/cache?region=eu-west-1&endpoint=http%3A%2F%2F127.0.0.1%3A9000&page-size=7&profile=ops");
        assertThat(s3.bucket()).isEqualTo("bucket");
        assertThat(s3.prefix()).isEqualTo("cache/");
        assertThat(s3.region()).isEqualTo("eu-west-1");
        assertThat(s3.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(s3.pathStyle()).isTrue();
        assertThat(s3.pageSize()).isEqualTo(7);
        assertThat(s3.credentials()).isEqualTo(new SourceCredentials.Profile("ops"));
    }

    @Test
    void credentialChoices() {
        assertThat(creds("credentials-file=/etc/tierpack/aws")).isEqualTo(new SourceCredentials.File(Path.of("/etc/tierpack/aws"), "default"));
        assertThat(creds("credentials-file=/etc/tierpack/aws&profile=ro")).isEqualTo(new SourceCredentials.File(Path.of("/etc/tierpack/aws"), "ro"));
        assertThat(creds("credentials=env")).isEqualTo(new SourceCredentials.Environment());
        assertThat(creds("credentials=anonymous")).isEqualTo(new SourceCredentials.Anonymous());
        assertThat(creds("credentials=default")).isEqualTo(new SourceCredentials.DefaultChain());
    }

    private static SourceCredentials creds(String query) {
        return ((SourceUri.S3) SourceUri.parse("s3://bucket?" + query)).credentials();
    }

    @Test
    void pathStyleCanBeForced() {
        assertThat(((SourceUri.S3) SourceUri.parse("s3://bucket?endpoint=https://s3.example&path-style=false")).pathStyle()).isFalse();
        assertThat(((SourceUri.S3) SourceUri.parse("s3://bucket?path-style=true")).pathStyle()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "s3://nix-cache",
        "s3://nix-cache/cache/",
        "s3://nix-cache/a/b/?region=eu-central-1&endpoint=http%3A%2F%2Flocalhost%3A9000&page-size=7&credentials=env",
        "s3://nix-cache/?endpoint=https%3A%2F%2Fminio.example&path-style=false&credentials-file=%2Fsecrets%2Faws&profile=ro",
        "s3://nix-cache/?path-style=true&credentials=anonymous",
        "s3://nix-cache/?profile=ops",
        "file:///var/cache/nix",
    })
    void describeRoundTrips(String uri) {
        SourceUri parsed = SourceUri.parse(uri);
        assertThat(SourceUri.parse(parsed.describe())).isEqualTo(parsed);
    }

    @Test
    void staticCredentialsAreNeverDescribed() {
        SourceUri.S3 s3 = SourceUri.S3.of("bucket", "p").withCredentials(
                new SourceCredentials.Static(new Credentials("AKIAEXAMPLE", "very-secret-value")));
        assertThat(s3.describe()).doesNotContain("very-secret-value").doesNotContain("AKIAEXAMPLE");
        assertThat(s3.toString()).doesNotContain("very-secret-value");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        s3://                                   | invalid S3 bucket name
        s3://ab                                 | invalid S3 bucket name
        s3://bad_bucket!/x                      | invalid S3 bucket name
        s3://bucket?foo=1                       | parameter=foo
        s3://bucket?region                      | malformed query parameter
        s3://bucket?region=a&region=b           | repeated S3 source parameter
        s3://bucket?page-size=0                 | pageSize=0
        s3://bucket?page-size=1001              | pageSize=1001
        s3://bucket?page-size=ten               | page-size=ten
        s3://bucket?region=EU_WEST              | region=EU_WEST
        s3://bucket?endpoint=ftp://host         | endpoint=ftp://host
        s3://bucket?path-style=yes              | path-style=yes
        s3://bucket?credentials=env&profile=x   | cannot be combined
        s3://bucket?credentials=keys            | credentials=keys
        http://bucket/x                         | unsupported source URI
        /var/cache/nix                          | unsupported source URI
        file:relative/dir                       | file:///absolute/path
        file://host/var/cache                   | file:///absolute/path
        """)
    void rejectsBadUris(String uri, String messagePart) {
        assertThatThrownBy(() -> SourceUri.parse(uri))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void endpointUserInfoIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> SourceUri.parse("s3://bucket?endpoint=http://admin:hunter2@minio:9000"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("without user info")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void fileUris() {
        assertThat(SourceUri.parse("file:///var/cache/nix")).isEqualTo(new SourceUri.LocalDir(Path.of("/var/cache/nix")));
        assertThat(SourceUri.parse("file:///var/cache/nix/")).isEqualTo(new SourceUri.LocalDir(Path.of("/var/cache/nix")));
        assertThat(SourceUri.parse("file:///tmp/a%20b")).isEqualTo(new SourceUri.LocalDir(Path.of("/tmp/a b")));
    }

    @Test
    void openingAMissingDirectoryIsAConfigError() {
        assertThatThrownBy(() -> BinaryCacheSources.open("file:///nonexistent/tierpack-cache"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("/nonexistent/tierpack-cache");
    }
}
