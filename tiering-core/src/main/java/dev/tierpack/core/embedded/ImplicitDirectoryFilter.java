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
 * Makes the jclouds {@code filesystem} provider list like S3. The provider stores {@code a/b} as a
 * file in directory {@code a}, and its recursive listing then reports {@code a/} as an extra
 * entry although no client ever wrote it. Those implicit directories (folders without an ETag)
 * are dropped from recursive (delimiter-less) listings; folders a client created explicitly by putting {@code a/} carry an ETag and stay.
 * The page's next marker is kept as is, so a page may hold fewer entries than asked for, which
 * S3 allows.
 */
final class ImplicitDirectoryFilter extends ForwardingBlobStore {
    ImplicitDirectoryFilter(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        PageSet<? extends StorageMetadata> page = delegate().list(container, options);
        // with a delimiter, folders are the common prefixes S3 must report: keep them
        return options.isRecursive() ? withoutImplicitDirectories(page) : page;
    }

    private static PageSet<? extends StorageMetadata> withoutImplicitDirectories(PageSet<? extends StorageMetadata> page) {
        List<StorageMetadata> kept = new ArrayList<>(page.size());
        for (StorageMetadata m : page) {
            if (!(m.getType() == StorageType.FOLDER && m.getETag() == null)) {
                kept.add(m);
            }
        }
        return kept.size() == page.size() ? page : new PageSetImpl<>(kept, page.getNextMarker());
    }
}
