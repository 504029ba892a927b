package dev.tierpack.core.tier;

import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Base of the decorators: forwards every request-level operation to the wrapped tier.
 * {@link #upload} and {@link #list} are deliberately not forwarded: they stay the interface's
 * default methods, built on this tier's {@link #uploadRequests} and {@link #listPage}, so a decorator
 * that overrides those sees every part and every page. {@link #close()} closes the wrapped tier.
 */
public abstract class ForwardingTier implements Tier {
    protected final Tier delegate;

    protected ForwardingTier(Tier delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped tier. */
    public Tier delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int partSize() {
        return delegate.partSize();
    }

    @Override
    public InputStream read(String key) {
        return delegate.read(key);
    }

    @Override
    public InputStream readRange(String key, long offset, long length) {
        return delegate.readRange(key, offset, length);
    }

    @Override
    public Optional<TierObject> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public boolean archival() {
        return delegate.archival();
    }

    @Override
    public RestoreStatus restoreStatus(String key) {
        return delegate.restoreStatus(key);
    }

    @Override
    public RestoreStart requestRestore(String key, dev.tierpack.core.cost.RestoreTier tier, int days) {
        return delegate.requestRestore(key, tier, days);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public UploadRequests uploadRequests(String key) {
        return delegate.uploadRequests(key);
    }

    @Override
    public ListPage listPage(String prefix, String startAfter, String continuationToken) {
        return delegate.listPage(prefix, startAfter, continuationToken);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
