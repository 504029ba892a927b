package dev.tierpack.core.nix;

import java.util.List;

/** Outcome of checking a narinfo's signatures against a set of trusted keys. */
public sealed interface VerificationResult {

    /** True only for {@link Valid}. */
    default boolean isValid() {
        return this instanceof Valid;
    }

    /** At least one signature by a trusted key verifies; {@code keyName} is the first such key. */
    record Valid(String keyName) implements VerificationResult {}

    /**
     * No signature by a trusted key verifies, and at least one signature names a trusted key: the
     * signed fields (store path, NAR hash, NAR size, references) or the signature were altered.
     *
     * @param keyNames the trusted key names whose signatures failed, in file order
     */
    record Invalid(List<String> keyNames) implements VerificationResult {
        public Invalid {
            keyNames = List.copyOf(keyNames);
        }
    }

    /**
     * No signature names a trusted key (there may be none at all).
     *
     * @param untrustedKeyNames the key names that did sign, in file order
     */
    record NoTrustedSignature(List<String> untrustedKeyNames) implements VerificationResult {
        public NoTrustedSignature {
            untrustedKeyNames = List.copyOf(untrustedKeyNames);
        }
    }
}
