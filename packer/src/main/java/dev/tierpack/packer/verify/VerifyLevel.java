package dev.tierpack.packer.verify;

/** How deep {@code packer verify} looks. */
public enum VerifyLevel {
    /** Index objects (structure, checksum, invariants) and that each pack exists with the recorded length. */
    INDEX_ONLY,
    /** Index level for all packs, plus a full read of a random sample of warm packs. */
    SAMPLE,
    /** Index level, plus every warm pack read once, sequentially: every segment decompressed, every chunk hashed. */
    FULL
}
