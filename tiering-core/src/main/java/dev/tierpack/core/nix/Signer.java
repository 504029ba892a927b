package dev.tierpack.core.nix;

/** Signs narinfos the way {@code nix store sign} does: Ed25519 over {@link NarInfo#fingerprint()}. */
public final class Signer {
    private Signer() {}

    /** The signature of {@code info}'s fingerprint by {@code key}, named after the key. Deterministic. */
    public static Signature sign(SecretKey key, NarInfo info) {
        return new Signature(key.name(), Ed25519.sign(key.toJca(), info.fingerprint()));
    }

    /** {@code info} with {@code key}'s signature added (unless already present). */
    public static NarInfo signed(SecretKey key, NarInfo info) {
        return info.withSignature(sign(key, info));
    }
}
