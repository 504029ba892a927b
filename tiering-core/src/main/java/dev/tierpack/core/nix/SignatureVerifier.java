package dev.tierpack.core.nix;

import dev.tierpack.core.error.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks narinfo signatures against a fixed set of trusted public keys, like Nix's
 * {@code trusted-public-keys}: a signature counts only if its key name is trusted and it verifies
 * (JDK Ed25519) over {@link NarInfo#fingerprint()}. Immutable and thread-safe.
 */
public final class SignatureVerifier {
    private final Map<String, java.security.PublicKey> trusted;

    /**
     * @throws ConfigException if two different keys share a name
     */
    public SignatureVerifier(Collection<PublicKey> trustedKeys) {
        Map<String, PublicKey> byName = new LinkedHashMap<>();
        Map<String, java.security.PublicKey> jca = new LinkedHashMap<>();
        for (PublicKey k : trustedKeys) {
            PublicKey previous = byName.putIfAbsent(k.name(), k);
            if (previous != null && !previous.equals(k)) {
                throw new ConfigException("two different trusted keys have the same name", "name", k.name());
            }
            jca.put(k.name(), k.toJca());
        }
        this.trusted = Map.copyOf(jca);
    }

    public static SignatureVerifier of(PublicKey... trustedKeys) {
        return new SignatureVerifier(List.of(trustedKeys));
    }

    /** Names of the trusted keys. */
    public Set<String> trustedKeyNames() {
        return trusted.keySet();
    }

    /** Valid if any trusted signature verifies, else Invalid if any trusted key signed, else NoTrustedSignature. */
    public VerificationResult verify(NarInfo info) {
        String fingerprint = info.fingerprint();
        List<String> failed = new ArrayList<>();
        List<String> untrusted = new ArrayList<>();
        for (Signature sig : info.sigs()) {
            java.security.PublicKey key = trusted.get(sig.keyName());
            if (key == null) {
                untrusted.add(sig.keyName());
            } else if (Ed25519.verify(key, fingerprint, sig.bytes())) {
                return new VerificationResult.Valid(sig.keyName());
            } else {
                failed.add(sig.keyName());
            }
        }
        return failed.isEmpty() ? new VerificationResult.NoTrustedSignature(untrusted) : new VerificationResult.Invalid(failed);
    }

    /** True iff {@code sig} is by a trusted key and verifies over {@code fingerprint}. */
    public boolean verify(String fingerprint, Signature sig) {
        java.security.PublicKey key = trusted.get(sig.keyName());
        return key != null && Ed25519.verify(key, fingerprint, sig.bytes());
    }
}
