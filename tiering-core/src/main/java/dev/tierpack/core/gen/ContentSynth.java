package dev.tierpack.core.gen;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic file contents with realistic compressibility: source-like text (compresses
 * 3-5x with xz), ELF-like binaries (about 2-3x: random code bytes mixed with tables, padding and strings)
 * and already-compressed archives (incompressible, like the source tarballs of fixed-output paths).
 */
final class ContentSynth {
    private static final String[] WORDS = {
        "static", "int", "return", "if", "else", "for", "while", "const", "char", "void", "struct", "size_t",
        "buffer", "length", "error", "config", "value", "result", "index", "count", "data", "path", "name",
        "def", "self", "import", "from", "class", "None", "True", "False", "function", "let", "var", "export",
        "module", "require", "async", "await", "=", "==", "(", ")", "{", "}", ";", ",", ".", "->", "0", "1",
        "NULL", "free", "malloc", "printf", "string", "list", "dict", "options", "parser", "token", "node",
    };

    private ContentSynth() {}

    enum Kind { TEXT, BINARY, ARCHIVE }

    static byte[] generate(Kind kind, long seed, int size) {
        SplittableRandom rng = new SplittableRandom(seed);
        return switch (kind) {
            case TEXT -> text(rng, size);
            case BINARY -> ElfSynth.generate(rng, size);
            case ARCHIVE -> archive(rng, size);
        };
    }

    private static byte[] text(SplittableRandom rng, int size) {
        StringBuilder sb = new StringBuilder(size + 64);
        int indent = 0;
        while (sb.length() < size) {
            sb.repeat(' ', indent * 4);
            int words = 2 + rng.nextInt(10);
            for (int w = 0; w < words; w++) {
                // Zipf-like: low indexes much more frequent
                int i = (int) (WORDS.length * Math.pow(rng.nextDouble(), 2.5));
                sb.append(WORDS[i]);
                if (rng.nextInt(5) == 0) {
                    sb.append('_').append(Integer.toString(rng.nextInt(4096), 36));
                }
                sb.append(' ');
            }
            sb.append('\n');
            indent = Math.max(0, Math.min(6, indent + rng.nextInt(3) - 1));
        }
        sb.setLength(size);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] binary(SplittableRandom rng, int size) {
        byte[] out = new byte[size];
        byte[] opcodes = new byte[48];
        rng.nextBytes(opcodes);
        int p = 0;
        while (p < size) {
            int run = Math.min(size - p, 64 + rng.nextInt(4096));
            switch (rng.nextInt(10)) {
                case 0, 1 -> p += run; // zero padding / bss-like runs
                case 2 -> { // string table
                    byte[] t = text(rng, run);
                    for (int i = 0; i < run; i++) {
                        out[p + i] = (i % 24 == 23) ? 0 : t[i];
                    }
                    p += run;
                }
                case 3, 4 -> { // symbol/relocation tables: small integers, 8-byte aligned
                    for (int i = 0; i < run; i++) {
                        out[p + i] = (i & 7) < 2 ? (byte) rng.nextInt(256) : (byte) ((i & 7) == 2 ? rng.nextInt(4) : 0);
                    }
                    p += run;
                }
                default -> { // code: a skewed opcode alphabet plus random immediates
                    for (int i = 0; i < run; i++) {
                        out[p + i] = rng.nextInt(3) == 0 ? (byte) rng.nextInt(256) : opcodes[(int) (48 * Math.pow(rng.nextDouble(), 2))];
                    }
                    p += run;
                }
            }
        }
        return out;
    }

    private static byte[] archive(SplittableRandom rng, int size) {
        byte[] out = new byte[size];
        rng.nextBytes(out);
        if (size >= 2) {
            out[0] = 0x1f; // gzip magic, for realism
            out[1] = (byte) 0x8b;
        }
        return out;
    }
}
