package dev.tierpack.core.nix;

import dev.tierpack.core.error.FormatException;

/**
 * Validates a rendered Nix content address ({@code CA:} field): {@code text:sha256:<digest>} or
 * {@code fixed:[r:|git:]<algo>:<digest>}, the digest in any non-SRI form Nix accepts.
 */
final class ContentAddressSyntax {
    private ContentAddressSyntax() {}

    static void check(String ca) {
        if (ca.startsWith("text:")) {
            NixHash h = NixHash.parsePrefixed(ca.substring("text:".length()));
            if (h.algorithm() != HashAlgorithm.SHA256) {
                throw new FormatException("text content address must use sha256", "algorithm", h.algorithm().nixName());
            }
            return;
        }
        if (ca.startsWith("fixed:")) {
            String rest = ca.substring("fixed:".length());
            if (rest.startsWith("r:")) {
                rest = rest.substring(2);
            } else if (rest.startsWith("git:")) {
                rest = rest.substring(4);
            }
            NixHash.parsePrefixed(rest);
            return;
        }
        throw new FormatException("content address method is neither 'text:' nor 'fixed:'", "ca", NixHash.abbreviate(ca));
    }
}
