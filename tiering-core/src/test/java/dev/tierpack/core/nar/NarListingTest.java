package dev.tierpack.core.nar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tierpack.core.error.FormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Listing shapes the corpus lacks (symlinks, empty files); the corpus itself is covered by NarGoldenTest. */
class NarListingTest {

    private static String listing(byte[] nar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NarListing.write(new ByteArrayInputStream(nar), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsEveryNodeKindInNixFormat() throws IOException {
        assertThat(listing(NarReaderRejectsTest.sample())).isEqualTo("{\"version\":1,\"root\":{\"type\":\"directory\","
                + "\"entries\":{\"a\":{\"type\":\"regular\",\"size\":5,\"executable\":true,\"narOffset\":264},"
                + "\"b\":{\"type\":\"directory\",\"entries\":{\"c\":{\"type\":\"symlink\",\"target\":\"../a\"}}},"
                + "\"d\":{\"type\":\"regular\",\"size\":0,\"narOffset\":816}}}}");
        assertThat(listing(new RawNar().magic().symlink("/nix/store/x-y").bytes()))
                .isEqualTo("{\"version\":1,\"root\":{\"type\":\"symlink\",\"target\":\"/nix/store/x-y\"}}");
        assertThat(listing(new RawNar().magic().dir().close().bytes()))
                .isEqualTo("{\"version\":1,\"root\":{\"type\":\"directory\",\"entries\":{}}}");
    }

    @Test
    void listingFromEventsAloneEqualsListingOfTheNarBytes() throws IOException {
        byte[] nar = NarReaderRejectsTest.sample();
        java.util.List<NarEntry> events = new java.util.ArrayList<>();
        NarReader reader = new NarReader(new ByteArrayInputStream(nar));
        for (NarEntry e = reader.next(); e != null; e = reader.next()) {
            events.add(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NarListing.write(events, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(listing(nar));
    }

    @Test
    void escapesNamesAsJson() throws IOException {
        byte[] nar = new RawNar().magic().dir().entry("quote\"back\\slash é").file("", false).close().close().bytes();
        assertThat(NarListing.listing(new ByteArrayInputStream(nar)).at("/root/entries").fieldNames().next())
                .isEqualTo("quote\"back\\slash é");
    }

    @Test
    void refusesNamesThatAreNotUtf8() {
        byte[] nar = new RawNar().magic().dir().entry(new byte[] {'x', (byte) 0xff}).file("", false).close().close().bytes();
        FormatException e = catchThrowableOfType(FormatException.class, () -> listing(nar));
        assertThat(e.what()).isEqualTo("NAR entry name is not valid UTF-8, cannot be listed as JSON");
        assertThat(e.getMessage()).contains("path=x\\xff");
    }
}
