package dev.tierpack.core.gen;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Renders a {@link PackageUniverse.FileTemplate} for one version of its package: the base content, then the
 * small edits of every version up to this one (so consecutive versions share most bytes, as real releases do),
 * then the store-path references a build embeds (RPATHs, shebangs, imports). A rebuild against a new stdenv
 * changes only those references.
 */
final class FileRenderer {
    private FileRenderer() {}

    static byte[] render(PackageUniverse.FileTemplate t, int version, String selfPath, String stdenvPath) {
        byte[] content = ContentSynth.generate(t.content(), t.seed(), t.size());
        for (int v = 1; v <= version; v++) {
            content = edit(t, content, v);
        }
        return t.content() == ContentSynth.Kind.ARCHIVE ? content : embedReferences(t, content, selfPath, stdenvPath);
    }

    /** A release: 1-3 regions of up to ~3% of the file replaced, sometimes with a different length. */
    private static byte[] edit(PackageUniverse.FileTemplate t, byte[] in, int version) {
        SplittableRandom rng = new SplittableRandom(t.seed() * 31 + version);
        if (t.content() == ContentSynth.Kind.ARCHIVE) {
            // a new source tarball shares nothing with the previous one (compressed stream)
            return ContentSynth.generate(t.content(), rng.nextLong(), Math.max(1, in.length + rng.nextInt(Math.max(1, in.length / 10) + 1) - in.length / 20));
        }
        if (rng.nextInt(3) == 0) {
            return in; // this file did not change in this release
        }
        byte[] out = in;
        int regions = 1 + rng.nextInt(3);
        for (int r = 0; r < regions && out.length > 0; r++) {
            int len = 1 + rng.nextInt(Math.max(1, out.length / 33));
            int pos = rng.nextInt(out.length);
            len = Math.min(len, out.length - pos);
            int newLen = Math.max(0, len + rng.nextInt(2 * len + 1) - len);
            byte[] repl = ContentSynth.generate(t.content(), rng.nextLong(), newLen);
            byte[] next = new byte[out.length - len + newLen];
            System.arraycopy(out, 0, next, 0, pos);
            System.arraycopy(repl, 0, next, pos, newLen);
            System.arraycopy(out, pos + len, next, pos + newLen, out.length - pos - len);
            out = next;
        }
        return out;
    }

    private static byte[] embedReferences(PackageUniverse.FileTemplate t, byte[] content, String self, String stdenv) {
        if (t.content() == ContentSynth.Kind.TEXT) {
            StringBuilder head = new StringBuilder();
            if (t.refersToStdenv() && t.executable()) {
                head.append("#!").append(stdenv).append("/bin/sh\n");
            }
            if (t.refersToSelf()) {
                head.append("# installed in ").append(self).append('\n');
            }
            byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[h.length + content.length];
            System.arraycopy(h, 0, out, 0, h.length);
            System.arraycopy(content, 0, out, h.length, content.length);
            return out;
        }
        // binaries: RPATH-like strings overwritten in place every 64 KiB, size unchanged
        byte[] out = content.clone();
        byte[] selfRef = (self + "/lib\0").getBytes(StandardCharsets.US_ASCII);
        byte[] stdenvRef = (stdenv + "/lib\0").getBytes(StandardCharsets.US_ASCII);
        for (int pos = 512, i = 0; pos + Math.max(selfRef.length, stdenvRef.length) < out.length; pos += 65_536, i++) {
            byte[] ref = (i % 2 == 0 && t.refersToStdenv()) || !t.refersToSelf() ? stdenvRef : selfRef;
            if ((t.refersToSelf() || t.refersToStdenv())) {
                System.arraycopy(ref, 0, out, pos, ref.length);
            }
        }
        return out;
    }
}
