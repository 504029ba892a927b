package dev.tierpack.campaign.lister;

import dev.tierpack.core.error.IntegrityException;
import dev.tierpack.core.source.SourceObject;
import dev.tierpack.core.source.SourceUri;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Translates the lister's page requests to and from the Camel {@code aws2-s3} endpoint with
 * {@code operation=listObjects&pojoRequest=true}: one LIST request per page, starting after the checkpoint
 * ({@code marker} = prefix + last key), never a GET (the {@code aws2-s3} consumer would GET every object and list
 * forever). The endpoint answers with the page's objects only, not whether more follow, so the listing counts as
 * exhausted at the first empty page (one extra LIST per campaign).
 */
public record S3Pages(SourceUri.S3 source) {

    /** The LIST request for a page. */
    public ListObjectsRequest request(@Body PageRequest request) {
        ListObjectsRequest.Builder b = ListObjectsRequest.builder().bucket(source.bucket()).maxKeys(request.maxKeys());
        if (!source.prefix().isEmpty()) {
            b.prefix(source.prefix());
        }
        if (request.startAfter() != null) {
            b.marker(source.prefix() + request.startAfter());
        } else if (!source.prefix().isEmpty()) {
            b.marker(source.prefix());
        }
        return b.build();
    }

    /** The page's objects with keys relative to the source prefix. */
    public List<SourceObject> objects(@Body List<S3Object> objects) {
        List<SourceObject> out = new ArrayList<>(objects.size());
        for (S3Object o : objects) {
            if (!o.key().startsWith(source.prefix())) {
                throw new IntegrityException("listed key lies outside the source prefix", "key", o.key(),
                        "prefix", source.prefix());
            }
            String key = o.key().substring(source.prefix().length());
            if (key.isEmpty()) {
                continue; // the prefix itself, e.g. a directory placeholder
            }
            out.add(new SourceObject(key, o.size() == null ? 0 : o.size(),
                    o.lastModified() == null ? Instant.EPOCH : o.lastModified(), unquote(o.eTag())));
        }
        return out;
    }

    private static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }
}
