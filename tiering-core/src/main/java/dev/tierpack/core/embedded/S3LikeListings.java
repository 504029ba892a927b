package dev.tierpack.core.embedded;

import java.util.ArrayList;
import java.util.List;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.domain.internal.PageSetImpl;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * Makes listings of the jclouds {@code filesystem} provider look like S3's, hiding two artefacts
 * of how it stores data:
 * <ul>
 *   <li>Implicit directories. {@code a/b} is stored as file {@code b} in directory {@code a}, and a
 *       recursive (delimiter-less) listing then reports {@code a/} although no client wrote it.
 *       Such folders carry no ETag and are dropped; folders a client created explicitly by
 *       putting {@code a/} have one and stay. With a delimiter, folders are the common prefixes
 *       S3 must report, so they are kept.
 *   <li>Parts of unfinished multipart uploads, stored as blobs named {@code .mpus-<upload>-<key>-<n>}
 *       (jclouds' {@code LocalBlobStore.MULTIPART_PREFIX}). S3 never lists parts as objects.
 *       A client key starting with {@code .mpus-} is therefore hidden from listings too.
 * </ul>
 * The page's next marker is kept as is, so a page may hold fewer entries than asked for, which
 * S3 allows.
 */
final class S3LikeListings extends ForwardingBlobStore {
    static final String MULTIPART_PART_PREFIX = ".mpus-";

    S3LikeListings(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container) {
        return filter(delegate().list(container), false);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        return filter(delegate().list(container, options), options.isRecursive());
    }

    private static PageSet<? extends StorageMetadata> filter(PageSet<? extends StorageMetadata> page, boolean recursive) {
        List<StorageMetadata> kept = new ArrayList<>(page.size());
        for (StorageMetadata m : page) {
            boolean implicitDirectory = recursive && m.getType() == StorageType.FOLDER && m.getETag() == null;
            boolean uploadPart = m.getName() != null && m.getName().startsWith(MULTIPART_PART_PREFIX);
            if (!implicitDirectory && !uploadPart) {
                kept.add(m);
            }
        }
        return kept.size() == page.size() ? page : new PageSetImpl<>(kept, page.getNextMarker());
    }
}
