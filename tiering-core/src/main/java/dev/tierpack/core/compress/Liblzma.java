package dev.tierpack.core.compress;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Binding of the few liblzma (XZ Utils, {@code liblzma.so.5}) functions tierpack calls through the
 * Foreign Function &amp; Memory API. Loaded once; if the library or a symbol is missing, or the
 * JVM refuses native access, {@link #AVAILABLE} is false and {@link #FAILURE} says why.
 *
 * <p>Constants and the {@code lzma_stream} layout follow {@code lzma/base.h} and
 * {@code lzma/container.h} (ABI-stable since liblzma 5.0; checked against 5.4.1 with
 * {@code offsetof}: size 136, next_in 0, avail_in 8, total_in 16, next_out 24, avail_out 32,
 * total_out 40, allocator 48, internal 56).
 */
@SuppressWarnings("restricted") // this class is the one place that binds native code; run with --enable-native-access=ALL-UNNAMED
final class Liblzma {
    private Liblzma() {}

    // lzma_ret
    static final int LZMA_OK = 0;
    static final int LZMA_STREAM_END = 1;
    static final int LZMA_BUF_ERROR = 10;

    private static final String[] RET_NAMES = {
        "LZMA_OK", "LZMA_STREAM_END", "LZMA_NO_CHECK", "LZMA_UNSUPPORTED_CHECK", "LZMA_GET_CHECK",
        "LZMA_MEM_ERROR", "LZMA_MEMLIMIT_ERROR", "LZMA_FORMAT_ERROR", "LZMA_OPTIONS_ERROR",
        "LZMA_DATA_ERROR", "LZMA_BUF_ERROR", "LZMA_PROG_ERROR", "LZMA_SEEK_NEEDED"
    };

    private static final String[] RET_MEANINGS = {
        "ok", "end of stream", "no integrity check", "unsupported integrity check", "integrity check type known",
        "cannot allocate memory", "memory usage limit reached", "file format not recognized",
        "unsupported options", "compressed data is corrupt", "no progress possible", "programming error",
        "seek needed"
    };

    // lzma_action
    static final int LZMA_RUN = 0;
    static final int LZMA_FINISH = 3;

    // lzma_stream_decoder flags, lzma_check
    static final int LZMA_CONCATENATED = 0x08;
    static final int LZMA_CHECK_CRC64 = 4;
    static final long UINT64_MAX = -1L;

    /**
     * Decoder memory limit: a hostile or absurd .xz cannot make the decoder allocate more than this. Nix writes
     * xz with preset 6 (8 MiB dictionary, ~9 MiB to decode); {@code xz -9e} needs ~65 MiB. 256 MiB leaves room
     * for any sane encoder while keeping many concurrent decoders bounded.
     */
    static final long DECODER_MEMLIMIT = 256L << 20;

    static final StructLayout LZMA_STREAM = MemoryLayout.structLayout(
            ADDRESS.withName("next_in"),
            JAVA_LONG.withName("avail_in"),
            JAVA_LONG.withName("total_in"),
            ADDRESS.withName("next_out"),
            JAVA_LONG.withName("avail_out"),
            JAVA_LONG.withName("total_out"),
            ADDRESS.withName("allocator"),
            ADDRESS.withName("internal"),
            ADDRESS.withName("reserved_ptr1"),
            ADDRESS.withName("reserved_ptr2"),
            ADDRESS.withName("reserved_ptr3"),
            ADDRESS.withName("reserved_ptr4"),
            JAVA_LONG.withName("seek_pos"),
            JAVA_LONG.withName("reserved_int2"),
            JAVA_LONG.withName("reserved_int3"),
            JAVA_LONG.withName("reserved_int4"),
            JAVA_INT.withName("reserved_enum1"),
            JAVA_INT.withName("reserved_enum2"));

    static final long NEXT_IN = offset("next_in");
    static final long AVAIL_IN = offset("avail_in");
    static final long TOTAL_IN = offset("total_in");
    static final long NEXT_OUT = offset("next_out");
    static final long AVAIL_OUT = offset("avail_out");
    static final long TOTAL_OUT = offset("total_out");

    /** {@code lzma_ret lzma_stream_decoder(lzma_stream *, uint64_t memlimit, uint32_t flags)} */
    static final MethodHandle STREAM_DECODER;
    /** {@code lzma_ret lzma_easy_encoder(lzma_stream *, uint32_t preset, lzma_check check)} */
    static final MethodHandle EASY_ENCODER;
    /** {@code lzma_ret lzma_code(lzma_stream *, lzma_action)} */
    static final MethodHandle CODE;
    /** {@code void lzma_end(lzma_stream *)} */
    static final MethodHandle END;
    static final String VERSION;
    static final boolean AVAILABLE;
    static final Throwable FAILURE;

    static {
        MethodHandle decoder = null, encoder = null, code = null, end = null;
        String version = null;
        Throwable failure = null;
        try {
            Linker linker = Linker.nativeLinker();
            if (ADDRESS.byteSize() != 8 || linker.canonicalLayouts().get("size_t").byteSize() != 8) {
                throw new UnsupportedOperationException("the lzma_stream layout is only declared for 64-bit platforms");
            }
            SymbolLookup lib = open();
            decoder = linker.downcallHandle(find(lib, "lzma_stream_decoder"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
            encoder = linker.downcallHandle(find(lib, "lzma_easy_encoder"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
            code = linker.downcallHandle(find(lib, "lzma_code"), FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            end = linker.downcallHandle(find(lib, "lzma_end"), FunctionDescriptor.ofVoid(ADDRESS));
            MethodHandle versionString = linker.downcallHandle(find(lib, "lzma_version_string"), FunctionDescriptor.of(ADDRESS));
            version = ((MemorySegment) versionString.invokeExact()).reinterpret(64).getString(0);
        } catch (Throwable t) {
            failure = t;
            decoder = encoder = code = end = null;
        }
        STREAM_DECODER = decoder;
        EASY_ENCODER = encoder;
        CODE = code;
        END = end;
        VERSION = version;
        FAILURE = failure;
        AVAILABLE = failure == null;
    }

    /** {@code LZMA_DATA_ERROR} for 9, etc. */
    static String retName(int ret) {
        return ret >= 0 && ret < RET_NAMES.length ? RET_NAMES[ret] : "lzma_ret(" + ret + ")";
    }

    /** A short meaning of a return code, in the words of the xz command where it has some. */
    static String retMeaning(int ret) {
        return ret >= 0 && ret < RET_MEANINGS.length ? RET_MEANINGS[ret] : "unknown error";
    }

    private static long offset(String field) {
        return LZMA_STREAM.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError("liblzma has no symbol " + name));
    }

    /** System property {@code tierpack.liblzma} (a path) if set, else the loader's search path, else common locations. */
    private static SymbolLookup open() {
        String override = System.getProperty("tierpack.liblzma");
        if (override != null && !override.isBlank()) {
            return SymbolLookup.libraryLookup(Path.of(override), Arena.global());
        }
        List<Throwable> errors = new ArrayList<>();
        try {
            return SymbolLookup.libraryLookup("liblzma.so.5", Arena.global());
        } catch (IllegalArgumentException e) {
            errors.add(e);
        }
        for (String candidate : List.of("/usr/lib/x86_64-linux-gnu/liblzma.so.5", "/lib/x86_64-linux-gnu/liblzma.so.5",
                "/usr/lib64/liblzma.so.5", "/usr/lib/liblzma.so.5", "/usr/lib/aarch64-linux-gnu/liblzma.so.5",
                "/opt/homebrew/lib/liblzma.5.dylib", "/usr/local/lib/liblzma.5.dylib")) {
            Path p = Path.of(candidate);
            if (Files.exists(p)) {
                return SymbolLookup.libraryLookup(p, Arena.global());
            }
        }
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("liblzma.so.5 not found (set -Dtierpack.liblzma=/path/to/liblzma.so.5)");
        errors.forEach(e::addSuppressed);
        throw e;
    }
}
