package dev.tierpack.core.tier;

import java.util.List;

/**
 * One page of a listing (one LIST request).
 *
 * @param objects the objects of this page in key order (possibly empty even when more follow)
 * @param nextToken the continuation token for the next page, or null if this is the last page
 */
public record ListPage(List<TierObject> objects, String nextToken) {
    public ListPage {
        objects = List.copyOf(objects);
        if (nextToken != null && nextToken.isEmpty()) {
            throw new IllegalArgumentException("empty continuation token");
        }
    }

    public boolean last() {
        return nextToken == null;
    }
}
