package dev.tierpack.campaign.lister;

import dev.tierpack.core.source.BinaryCacheSource;
import dev.tierpack.core.source.SourceObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.camel.Body;

/**
 * Listing pages of a {@code file://} source (or any {@link BinaryCacheSource}) for the lister route: one call is
 * one page, resumed from the request's start key (the source's listing holds one directory's names at a time).
 */
public record LocalPages(BinaryCacheSource source) {
    public List<SourceObject> list(@Body PageRequest request) {
        List<SourceObject> page = new ArrayList<>(request.maxKeys());
        Iterator<SourceObject> it = source.list(request.startAfter());
        while (page.size() < request.maxKeys() && it.hasNext()) {
            page.add(it.next());
        }
        return page;
    }
}
