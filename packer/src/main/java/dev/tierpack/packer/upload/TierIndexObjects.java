package dev.tierpack.packer.upload;

import dev.tierpack.core.tier.Tier;
import dev.tierpack.core.tier.TierObject;
import dev.tierpack.packer.index.IndexObjectSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.function.BiConsumer;

/** The index objects of a tier ({@code index/} prefix), fetched one at a time: input to a chunk index rebuild. */
public record TierIndexObjects(Tier tier) implements IndexObjectSource {
    public static final String PREFIX = "index/";

    @Override
    public void forEach(BiConsumer<String, byte[]> each) throws IOException {
        for (Iterator<TierObject> it = tier.list(PREFIX, null); it.hasNext(); ) {
            TierObject o = it.next();
            try (InputStream in = tier.read(o.key())) {
                each.accept(o.key(), in.readAllBytes());
            }
        }
    }
}
