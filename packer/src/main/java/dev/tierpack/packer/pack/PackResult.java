package dev.tierpack.packer.pack;

import dev.tierpack.packer.format.IndexBody;
import dev.tierpack.packer.format.PackFooter;
import dev.tierpack.packer.format.PackHeader;

/**
 * What {@link PackWriter#finish()} wrote: the header, the IndexBody (= trailer), the footer (trailer position and
 * pack SHA-256), and the encoded pack index object to upload to {@code header().packId().indexKey()}.
 */
public record PackResult(PackHeader header, IndexBody index, PackFooter footer, byte[] indexObject) {
    public PackResult {
        indexObject = indexObject.clone();
    }

    @Override
    public byte[] indexObject() {
        return indexObject.clone();
    }

    public long packLength() {
        return footer.packLength();
    }

    public byte[] sha256() {
        return footer.sha256();
    }
}
