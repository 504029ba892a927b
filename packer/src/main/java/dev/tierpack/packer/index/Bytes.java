package dev.tierpack.packer.index;

import dev.tierpack.core.error.FormatException;
import dev.tierpack.packer.format.UnsupportedFormatVersionException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian fields of the chunk index values (FORMAT.md 7), and their version check. */
final class Bytes {
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {}

    static int i32(byte[] b, int off) {
        return (int) I32.get(b, off);
    }

    static long i64(byte[] b, int off) {
        return (long) I64.get(b, off);
    }

    static void put32(byte[] b, int off, int v) {
        I32.set(b, off, v);
    }

    static void put64(byte[] b, int off, long v) {
        I64.set(b, off, v);
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    /**
     * Checks a stored value: first its one-byte value version (an unknown version is an
     * {@link UnsupportedFormatVersionException}, even if the length is also unexpected,
     * since a newer layout may be longer), then its exact length.
     */
    static void checkValue(String kind, byte[] b, int length, int version, int size, Object... context) {
        if (length < 1) {
            throw new FormatException("empty " + kind, context);
        }
        int v = u8(b, 0);
        if (v != version) {
            throw new UnsupportedFormatVersionException(kind, v, context);
        }
        if (length != size) {
            throw new FormatException(kind + " has the wrong length", context).with("length", length).with("expected", size);
        }
    }
}
