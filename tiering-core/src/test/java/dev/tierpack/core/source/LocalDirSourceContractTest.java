package dev.tierpack.core.source;

import dev.tierpack.core.testing.Corpus;

/** The source contract for {@link LocalDirSource} over the corpus directory itself. */
class LocalDirSourceContractTest extends BinaryCacheSourceContract {
    @Override
    protected BinaryCacheSource openCorpusSource() {
        return BinaryCacheSources.open(Corpus.cache().toUri().toString());
    }
}
