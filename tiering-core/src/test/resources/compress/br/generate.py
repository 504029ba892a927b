# Regenerates the brotli test vectors (Python `brotli` 1.2.0): python3 generate.py
# The originals are rebuilt by BrotliVectors in the tests with the same definitions.
import brotli, hashlib

def lcg(n, seed=42):
    """Deterministic pseudo-random bytes: x = (x * 1103515245 + 12345) mod 2^31, byte = (x >> 16) & 0xff."""
    x = seed
    out = bytearray()
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7fffffff
        out.append((x >> 16) & 0xff)
    return bytes(out)

text = b"".join(b"line %d: the quick brown fox jumps over the lazy dog\n" % i for i in range(5000))
vectors = {
    "empty": (b"", dict()),
    "text": (text, dict(quality=11, lgwin=22)),
    "lcg-16384": (lcg(16384), dict(quality=9)),
    "mixed": (text[:50000] + lcg(20000) + text[:50000], dict(quality=5, lgwin=16)),
}
for name, (data, kw) in vectors.items():
    c = brotli.compress(data, **kw)
    assert brotli.decompress(c) == data
    with open(name + ".br", "wb") as f:
        f.write(c)
    print(name, len(data), len(c), hashlib.sha256(data).hexdigest())
