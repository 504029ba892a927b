package dev.tierpack.core.tier;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@link Tier#list} over {@link Tier#listPage}: holds one page, fetches the next when it runs out. */
final class PagedListing implements Iterator<TierObject> {
    private final Tier tier;
    private final String prefix;
    private final String startAfter;
    private Iterator<TierObject> page = Collections.emptyIterator();
    private String token;
    private boolean done;

    PagedListing(Tier tier, String prefix, String startAfter) {
        this.tier = tier;
        this.prefix = prefix;
        this.startAfter = startAfter;
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext()) {
            if (done) {
                return false;
            }
            ListPage p = tier.listPage(prefix, startAfter, token);
            page = p.objects().iterator();
            token = p.nextToken();
            done = p.last();
        }
        return true;
    }

    @Override
    public TierObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.next();
    }
}
