/**
 * The NAR (Nix ARchive) format: a canonical, streaming serialization of a file tree.
 *
 * <p>Every token is a string: an 8-byte little-endian length, the bytes, zero padding to a multiple
 * of 8. A NAR is {@code "nix-archive-1"} followed by one node:
 *
 * <pre>
 * node  = "(" "type" ( "regular" ["executable" ""] "contents" &lt;contents&gt;
 *                    | "symlink" "target" &lt;target&gt;
 *                    | "directory" { "entry" "(" "name" &lt;name&gt; "node" node ")" } ) ")"
 * </pre>
 *
 * <p>{@link dev.tierpack.core.nar.NarReader} pulls {@link dev.tierpack.core.nar.NarEntry} events
 * from a stream and accepts only canonical NARs (sorted, unique, valid names; zero padding; nothing
 * after the root); {@link dev.tierpack.core.nar.NarWriter} turns the same events back into the same
 * bytes. {@link dev.tierpack.core.nar.NarDigest} checks a NAR against the narinfo's
 * {@code NarHash}/{@code NarSize} while it streams, and {@link dev.tierpack.core.nar.NarListing}
 * renders Nix's {@code .ls} JSON listing. All of them stream: memory does not grow with file sizes.
 */
package dev.tierpack.core.nar;
