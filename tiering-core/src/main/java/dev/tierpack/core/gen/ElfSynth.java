package dev.tierpack.core.gen;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Synthetic x86-64 ELF shared objects and executables, built the way a linker lays them out, so that they compress
 * like real ones: what makes real binaries compress about 3x with xz (and noticeably worse with fast LZ77
 * compressors) is their structure, not a byte histogram. Each file gets a small "program model" (function names,
 * addresses, sizes) and the sections are rendered from it:
 *
 * <ul>
 *   <li>ELF and program headers, and a section header table at the end: fixed layouts with file-specific offsets;</li>
 *   <li>{@code .dynsym} (24-byte symbols), {@code .dynstr} (NUL-terminated names), {@code .rela.dyn} (24-byte
 *       relocations with increasing offsets), {@code .got}/{@code .data} (8-byte pointers into the image);</li>
 *   <li>{@code .plt}: 16-byte stubs; {@code .text}: functions of x86-64 instructions from a table of common
 *       encodings (prologues, moves to and from the stack frame, calls with rel32 targets that point at real
 *       function addresses, RIP-relative loads, compares and short jumps, epilogues, alignment padding); opcodes
 *       repeat, operands (registers, frame offsets, call displacements) vary as in compiled code;</li>
 *   <li>{@code .rodata}: message and format strings, jump tables, constants, now and then a table of random words
 *       (CRC and hash tables); {@code .eh_frame}: one 4-byte-aligned FDE per function;</li>
 *   <li>zero padding where segments are page-aligned.</li>
 * </ul>
 *
 * Deterministic: the same seed and size give the same bytes. Every size is honoured exactly (tiny sizes are plain
 * code).
 */
final class ElfSynth {
    private static final long BASE = 0x1000;
    private static final String[] WORDS = {
        "init", "free", "new", "get", "set", "read", "write", "open", "close", "parse", "format", "buffer", "error",
        "config", "context", "state", "stream", "file", "path", "node", "list", "table", "hash", "string", "alloc",
        "copy", "find", "next", "flush", "update", "reset", "check", "handle", "event", "socket", "data", "value",
        "option", "entry", "header", "decode", "encode", "compare", "lock", "unlock", "size", "count", "index",
    };
    private static final String[] MESSAGES = {
        "cannot %s %s: %s", "invalid %s", "%s: %s", "out of memory", "unexpected end of %s", "%s failed (%d)",
        "usage: %s [options] %s", "warning: %s is deprecated", "error while %s %s", "%s=%s", "unknown %s '%s'",
    };
    private static final String[] IMPORTS = {
        "malloc", "free", "calloc", "realloc", "memcpy", "memset", "memmove", "strlen", "strcmp", "strncmp",
        "strdup", "printf", "fprintf", "snprintf", "fputs", "fwrite", "fopen", "fclose", "read", "write", "open",
        "close", "__errno_location", "strerror", "abort", "exit", "pthread_mutex_lock", "pthread_mutex_unlock",
        "__stack_chk_fail", "__cxa_finalize", "getenv", "qsort", "bsearch", "time", "clock_gettime",
    };

    /** Not final: snippets are rendered from their own seed (see {@link #snippet}). */
    private SplittableRandom rng;
    private final byte[] out;
    private int pos;
    private final String prefix;
    private final long[] funcAddr;
    private final int[] funcLen;
    private final int imports;
    /** Seeds of the instruction sequences this program repeats (inlined helpers, common call sequences). */
    private final long[] snippets;
    private long rodataAddr;
    private long gotAddr;

    private ElfSynth(SplittableRandom rng, int size) {
        this.rng = rng;
        this.out = new byte[size];
        this.prefix = WORDS[rng.nextInt(WORDS.length)].substring(0, 3) + WORDS[rng.nextInt(WORDS.length)].substring(0, 2);
        int functions = Math.max(4, size / 900);
        this.funcAddr = new long[functions];
        this.funcLen = new int[functions];
        this.imports = Math.min(IMPORTS.length, 4 + functions / 8);
        this.snippets = new long[16 + functions / 4];
        for (int i = 0; i < snippets.length; i++) {
            snippets[i] = rng.nextLong();
        }
    }

    static byte[] generate(SplittableRandom rng, int size) {
        ElfSynth s = new ElfSynth(rng, size);
        s.render();
        return s.out;
    }

    private void render() {
        int size = out.length;
        if (size < 4096) {
            planFunctions(BASE, size);
            code(size, BASE);
            return;
        }
        // layout: a linker's section order, with budgets as shares of the file
        int text = share(0.46);
        int rodata = share(0.16);
        int eh = share(0.07);
        int dynsym = share(0.035);
        int dynstr = share(0.03);
        int rela = share(0.04);
        int plt = share(0.012);
        int data = share(0.05);
        long textAddr = BASE + align(64 + 56 * 9 + dynsym + dynstr + rela, 4096) + align(plt, 16);
        planFunctions(textAddr, text);
        rodataAddr = textAddr + align(text, 4096);
        gotAddr = rodataAddr + align(rodata + eh, 4096);

        elfHeader();
        programHeaders(9);
        dynsym(dynsym);
        dynstr(dynstr);
        relocations(rela);
        padTo(4096);
        plt(plt);
        padTo(16);
        code(text, textAddr);
        padTo(4096);
        rodata(rodata);
        padTo(8);
        ehFrame(eh);
        padTo(4096);
        pointers(data);
        comment();
        sectionHeaders();
        // whatever remains is more code (files vary in their share of .text)
        code(out.length - pos, textAddr + text);
    }

    private int share(double f) {
        return (int) (out.length * f * (0.8 + 0.4 * rng.nextDouble()));
    }

    private static long align(long v, int a) {
        return (v + a - 1) / a * a;
    }

    private void planFunctions(long textAddr, int textBytes) {
        long addr = textAddr;
        int mean = Math.max(32, textBytes / funcAddr.length);
        for (int i = 0; i < funcAddr.length; i++) {
            funcAddr[i] = addr;
            funcLen[i] = 16 + (int) (mean * 2 * Math.pow(rng.nextDouble(), 1.5));
            addr = align(addr + funcLen[i], 16);
        }
    }

    // ---- primitive writers; all stop silently at the end of the file ----

    private boolean full() {
        return pos >= out.length;
    }

    private void b(int v) {
        if (pos < out.length) {
            out[pos++] = (byte) v;
        }
    }

    private void bytes(int... v) {
        for (int x : v) {
            b(x);
        }
    }

    private void le(long v, int n) {
        for (int i = 0; i < n; i++) {
            b((int) (v >>> (8 * i)));
        }
    }

    private void ascii(String s) {
        for (byte x : s.getBytes(StandardCharsets.US_ASCII)) {
            b(x);
        }
    }

    private void padTo(int a) {
        while (pos % a != 0 && !full()) {
            b(0);
        }
    }

    /** A value in [0, n) with low values much more frequent. */
    private int zipf(int n, double skew) {
        return Math.min(n - 1, (int) (n * Math.pow(rng.nextDouble(), skew)));
    }

    /** Distinct names for distinct {@code i}: prefix, one or two words, a number once the pairs run out. */
    private String funcName(int i) {
        int n = WORDS.length;
        String name = prefix + "_" + WORDS[i % n];
        if (i >= n) {
            name += "_" + WORDS[(i / n) % n];
        }
        return i >= n * n ? name + (i / (n * n)) : name;
    }

    // ---- headers ----

    private void elfHeader() {
        bytes(0x7f, 'E', 'L', 'F', 2, 1, 1, 0);
        le(0, 8);
        le(3, 2); // ET_DYN
        le(0x3e, 2); // x86-64
        le(1, 4);
        le(funcAddr[0], 8);
        le(64, 8);
        le(out.length - 64 * 28L, 8);
        le(0, 4);
        le(64, 2);
        le(56, 2);
        le(9, 2);
        le(64, 2);
        le(28, 2);
        le(27, 2);
    }

    private void programHeaders(int n) {
        int[] types = {6, 3, 1, 1, 1, 1, 2, 0x6474e550, 0x6474e551};
        long off = 0;
        for (int i = 0; i < n; i++) {
            le(types[i % types.length], 4);
            le(i % 2 == 0 ? 4 : 5, 4);
            le(off, 8);
            le(off, 8);
            le(off, 8);
            long len = 0x1000L * (1 + rng.nextInt(64));
            le(len, 8);
            le(len, 8);
            le(i < 2 ? 8 : 0x1000, 8);
            off += len;
        }
    }

    private void sectionHeaders() {
        long off = 0;
        for (int i = 0; i < 28 && !full(); i++) {
            int size = 16 * (1 + zipf(4096, 2));
            le(1 + i * 9L, 4);
            le(i == 0 ? 0 : (i < 8 ? 11 - i % 3 : 1), 4);
            le(i < 20 ? 2 : 3, 8);
            le(i < 20 ? BASE + off : 0, 8);
            le(off, 8);
            le(size, 8);
            le(i % 5 == 0 ? 0 : 3 + i % 4, 4);
            le(0, 4);
            le(i % 3 == 0 ? 8 : 16, 8);
            le(i % 4 == 1 ? 24 : 0, 8);
            off += size;
        }
    }

    // ---- dynamic linking tables ----

    private void dynsym(int budget) {
        int end = Math.min(out.length, pos + budget);
        le(0, 24);
        int nameOff = 1;
        for (int i = 0; pos + 24 <= end; i++) {
            boolean imported = i < imports;
            // symbols are in hash order, not address order
            int f = imported ? 0 : rng.nextInt(funcAddr.length);
            boolean object = !imported && rng.nextInt(8) == 0;
            le(nameOff, 4);
            b(object ? 0x11 : 0x12);
            b(0);
            le(imported ? 0 : object ? 22 + rng.nextInt(3) : 14, 2);
            le(imported ? 0 : object ? gotAddr + 8L * rng.nextInt(4096) : funcAddr[f], 8);
            le(imported ? 0 : object ? 8L * (1 + zipf(64, 2)) : funcLen[f], 8);
            nameOff += (imported ? IMPORTS[i].length() : funcName(i - imports).length()) + 1;
        }
        padTo(8);
    }

    private void dynstr(int budget) {
        int end = Math.min(out.length, pos + budget);
        b(0);
        for (int i = 0; pos < end; i++) {
            if (i < imports) {
                ascii(IMPORTS[i]);
            } else if (i == imports) {
                ascii("libc.so.6");
                b(0);
                ascii("GLIBC_2.2.5");
                b(0);
                ascii("GLIBC_2.14");
            } else {
                ascii(funcName(i - imports - 1));
            }
            b(0);
        }
    }

    private void relocations(int budget) {
        int end = Math.min(out.length, pos + budget);
        long where = gotAddr;
        while (pos + 24 <= end) {
            where += 8L * (1 + zipf(4, 3));
            le(where, 8);
            if (rng.nextInt(6) == 0) {
                le((long) (1 + rng.nextInt(imports)) << 32 | 6, 8); // R_X86_64_GLOB_DAT
                le(0, 8);
            } else {
                le(8, 8); // R_X86_64_RELATIVE
                le(rng.nextBoolean() ? funcAddr[rng.nextInt(funcAddr.length)] : rodataAddr + 8L * rng.nextInt(4096), 8);
            }
        }
    }

    private void pointers(int budget) {
        int end = Math.min(out.length, pos + budget);
        while (pos + 8 <= end) {
            switch (rng.nextInt(6)) {
                case 0 -> le(0, 8);
                case 1 -> le(rng.nextInt(256), 8);
                case 2, 3 -> le(funcAddr[zipf(funcAddr.length, 2)], 8);
                default -> le(rodataAddr + 8L * zipf(8192, 1.5), 8);
            }
        }
    }

    private void plt(int budget) {
        int end = Math.min(out.length, pos + budget);
        bytes(0xff, 0x35);
        le(0x2fe2, 4);
        bytes(0xff, 0x25);
        le(0x2fe4, 4);
        bytes(0x0f, 0x1f, 0x40, 0x00);
        for (int i = 0; pos + 16 <= end; i++) {
            bytes(0xff, 0x25);
            le(0x2fe2 + 8L * i - 16L * i, 4);
            b(0x68);
            le(i, 4);
            b(0xe9);
            le(-16L * (i + 2), 4);
        }
    }

    // ---- code ----

    private static final int[] REGS = {7, 6, 0, 2, 1, 3, 5, 4}; // rdi, rsi, rax, rdx, rcx, rbx, rbp, rsp: by frequency

    private int reg() {
        return REGS[zipf(REGS.length, 1.8)];
    }

    private void code(int budget, long addr0) {
        if (budget <= 0) {
            return;
        }
        int start = pos;
        int end = Math.min(out.length, pos + budget);
        while (pos < end) {
            long addr = addr0 + (pos - start);
            function(end, addr0 - start);
            // align the next function to 16 with the padding compilers use
            while ((addr0 + pos - start) % 16 != 0 && pos < end) {
                b(rng.nextInt(3) == 0 ? 0xcc : 0x90);
            }
            if (addr == addr0 + (pos - start)) {
                break;
            }
        }
        pos = end;
    }

    /** One function; {@code base} maps file positions to addresses (address = base + pos). */
    private void function(int end, long base) {
        switch (zipf(3, 1.5)) {
            case 0 -> bytes(0xf3, 0x0f, 0x1e, 0xfa, 0x55, 0x48, 0x89, 0xe5);
            case 1 -> bytes(0x41, 0x57, 0x41, 0x56, 0x41, 0x55, 0x41, 0x54, 0x55, 0x53);
            default -> bytes(0x55, 0x48, 0x89, 0xe5);
        }
        if (rng.nextBoolean()) {
            bytes(0x48, 0x83, 0xec, 8 * (1 + zipf(15, 1.5)));
        }
        int blocks = 1 + zipf(24, 2.2);
        for (int k = 0; k < blocks && pos < end - 64; k++) {
            if (rng.nextInt(5) < 2) {
                snippet(snippets[zipf(snippets.length, 1.8)], base);
            } else {
                int instructions = 2 + rng.nextInt(8);
                for (int i = 0; i < instructions; i++) {
                    instruction(base);
                }
            }
        }
        switch (zipf(3, 1.5)) {
            case 0 -> bytes(0xc9, 0xc3);
            case 1 -> bytes(0x48, 0x83, 0xc4, 8 * (1 + zipf(15, 1.5)), 0x5b, 0x5d, 0x41, 0x5c, 0x41, 0x5d, 0x41, 0x5e, 0x41, 0x5f, 0xc3);
            default -> bytes(0x5d, 0xc3);
        }
    }

    /**
     * A repeated instruction sequence: the same choices every time (drawn from the snippet's own seed), while
     * rel32 displacements still depend on where it lands, as with a helper inlined in many places.
     */
    private void snippet(long seed, long base) {
        SplittableRandom saved = rng;
        rng = new SplittableRandom(seed);
        int instructions = 3 + rng.nextInt(10);
        for (int i = 0; i < instructions; i++) {
            instruction(base);
        }
        rng = saved;
    }

    private int frameOffset() {
        return -8 * (1 + zipf(16, 1.7)) & 0xff;
    }

    private void rel32To(long target, long base, int instructionRest) {
        long next = base + pos + 4 + instructionRest;
        le(target - next, 4);
    }

    private void instruction(long base) {
        int r = reg();
        int r2 = reg();
        switch (zipf(20, 1.6)) {
            case 0 -> bytes(0x48, 0x8b, 0x45 | (r << 3), frameOffset()); // mov r64, [rbp-d8]
            case 1 -> bytes(0x48, 0x89, 0x45 | (r << 3), frameOffset()); // mov [rbp-d8], r64
            case 2 -> { // call rel32 to a function or a PLT stub
                b(0xe8);
                long target = rng.nextInt(4) == 0
                        ? funcAddr[0] - 0x100 + 16L * zipf(imports, 1.5)
                        : funcAddr[zipf(funcAddr.length, 1.3)];
                rel32To(target, base, 0);
            }
            case 3 -> bytes(0x48, 0x89, 0xc0 | (r << 3) | r2); // mov r64, r64
            case 4 -> { // lea r64, [rip+d32] (a string or table in .rodata)
                bytes(0x48, 0x8d, 0x05 | (r << 3));
                rel32To(rodataAddr + 8L * zipf(8192, 1.4), base, 0);
            }
            case 5 -> bytes(0x48, 0x85, 0xc0 | (r << 3) | r); // test r64, r64
            case 6 -> bytes(0x74 + rng.nextInt(2), 2 + zipf(100, 1.5)); // je/jne rel8
            case 7 -> { // mov r32, imm32
                b(0xb8 + r);
                le(zipf(1 << 16, 4), 4);
            }
            case 8 -> bytes(0x31, 0xc0 | (r << 3) | r); // xor r32, r32
            case 9 -> bytes(0x48, 0x83, 0xf8 | r, zipf(64, 2)); // cmp r64, imm8
            case 10 -> bytes(0x8b, 0x40 | (r << 3) | r2, 4 * zipf(32, 1.5)); // mov r32, [r64+d8]
            case 11 -> bytes(0x89, 0x40 | (r << 3) | r2, 4 * zipf(32, 1.5)); // mov [r64+d8], r32
            case 12 -> { // mov r64, [rip+d32] (GOT)
                bytes(0x48, 0x8b, 0x05 | (r << 3));
                rel32To(gotAddr + 8L * zipf(512, 1.3), base, 0);
            }
            case 13 -> bytes(0x48, 0x83, (rng.nextBoolean() ? 0xc0 : 0xe8) | r, 8 * zipf(16, 1.5)); // add/sub r64, imm8
            case 14 -> bytes(0xeb, 2 + zipf(120, 1.5)); // jmp rel8
            case 15 -> { // jcc rel32
                bytes(0x0f, 0x84 + rng.nextInt(4));
                le(16 + zipf(4000, 1.5), 4);
            }
            case 16 -> bytes(0x0f, 0xb6, 0x40 | (r << 3) | r2, zipf(64, 2)); // movzx r32, byte [r64+d8]
            case 17 -> bytes(0xf2, 0x0f, 0x10, 0x45 | (r << 3), frameOffset()); // movsd xmm, [rbp-d8]
            case 18 -> bytes(0x48, 0x63, 0xc0 | (r << 3) | r2); // movsxd
            default -> bytes(0x48, 0x8d, 0x44 | (r << 3), 0x24, 8 * zipf(16, 1.5)); // lea r64, [rsp+d8]
        }
    }

    // ---- read-only data ----

    private void rodata(int budget) {
        int end = Math.min(out.length, pos + budget);
        while (pos < end) {
            int kind = rng.nextInt(100);
            if (kind < 55) {
                message();
            } else if (kind < 75) { // jump table: int32 offsets relative to the table
                int n = 4 + rng.nextInt(40);
                for (int i = 0; i < n && pos < end; i++) {
                    le(-(16L * (1 + zipf(2000, 1.3))), 4);
                }
            } else if (kind < 90) { // constants: small ints, doubles, masks
                for (int i = 0; i < 8 && pos < end; i++) {
                    switch (rng.nextInt(3)) {
                        case 0 -> le(zipf(1000, 2), 4);
                        case 1 -> le(Double.doubleToLongBits((1 + zipf(100, 2)) / (double) (1 << rng.nextInt(8))), 8);
                        default -> le(0xffffffffL >>> rng.nextInt(32), 4);
                    }
                }
            } else if (kind < 91) { // a table of random words (CRC, hash or S-box tables)
                int n = 64 + rng.nextInt(192);
                for (int i = 0; i < n && pos < end; i++) {
                    le(rng.nextInt(), 4);
                }
            } else {
                padTo(16);
            }
        }
    }

    private void message() {
        String m = MESSAGES[zipf(MESSAGES.length, 1.5)];
        StringBuilder sb = new StringBuilder(prefix).append(": ");
        int word = 0;
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c == '%' && i + 1 < m.length() && m.charAt(i + 1) == 's' && rng.nextInt(3) > 0) {
                sb.append(WORDS[zipf(WORDS.length, 1.5)]);
                i++;
                word++;
            } else {
                sb.append(c);
            }
        }
        if (word == 0 && rng.nextBoolean()) {
            sb.append(' ').append(funcName(zipf(funcAddr.length, 1.2)));
        }
        ascii(sb.toString());
        b(rng.nextInt(3) == 0 ? '\n' : 0);
        if (out.length > pos && out[pos - 1] == '\n') {
            b(0);
        }
    }

    private void ehFrame(int budget) {
        int end = Math.min(out.length, pos + budget);
        int cie = pos;
        bytes(0x14, 0, 0, 0, 0, 0, 0, 0, 1, 'z', 'R', 0, 1, 0x78, 0x10, 1, 0x1b, 0x0c, 7, 8, 0x90, 1, 0, 0);
        for (int f = 0; pos + 32 <= end; f = (f + 1) % funcAddr.length) {
            int kind = zipf(3, 1.5);
            int len = kind == 0 ? 0x1c : kind == 1 ? 0x24 : 0x34;
            int start = pos;
            le(len, 4);
            le(pos - cie, 4);
            le(funcAddr[f] - (rodataAddr + pos), 4);
            le(funcLen[f], 4);
            b(0);
            // call frame instructions: advance_loc by the size of the prologue step, then the CFA change
            int pushes = kind == 0 ? 1 : kind == 1 ? 2 : 6;
            for (int i = 0; i < pushes; i++) {
                bytes(0x41 + rng.nextInt(4), 0x0e, 0x10 + 8 * i, 0x8f - i + (i == pushes - 1 ? 0 : 0), 2 + i);
            }
            if (rng.nextBoolean()) {
                bytes(0x02, rng.nextInt(256), 0x0e, 0x08 * (1 + rng.nextInt(8)));
            }
            bytes(0x0c, 0x07, 0x08);
            while (pos < start + 4 + len && !full()) {
                b(0);
            }
        }
    }

    private void comment() {
        ascii("GCC: (GNU) 13.2.0");
        b(0);
        padTo(8);
    }
}
