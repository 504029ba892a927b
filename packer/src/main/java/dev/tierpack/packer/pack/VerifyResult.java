package dev.tierpack.packer.pack;

import dev.tierpack.packer.chunk.ChunkId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of verifying one object: every problem found (not just the first), how many bytes were read and
 * how many chunks were checked against their ids. {@link #ok()} is true when there is no problem.
 */
public record VerifyResult(String object, long bytesRead, int chunksVerified, List<Problem> problems) {
    public VerifyResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** One line per problem, each naming the object. */
    public List<String> lines() {
        return problems.stream().map(p -> "object=" + object + ": " + p.describe()).toList();
    }

    @Override
    public String toString() {
        return ok() ? "object=" + object + ": ok (" + bytesRead + " bytes, " + chunksVerified + " chunks)"
                : String.join("\n", lines());
    }

    /** One thing wrong with a pack or index object. */
    public sealed interface Problem {
        String describe();
    }

    /** The pack header does not decode, fails its CRC, or disagrees with the index object. */
    public record BadHeader(String reason) implements Problem {
        public String describe() {
            return "bad pack header: " + reason;
        }
    }

    /** Segment {@code segment}'s stored bytes fail their CRC32C or do not decode; its chunks are all suspect. */
    public record BadSegment(int segment, long offset, String reason, List<ChunkId> chunks) implements Problem {
        public BadSegment {
            chunks = List.copyOf(chunks);
        }

        public String describe() {
            return "bad segment " + segment + " at offset " + offset + ": " + reason + "; chunks "
                    + chunks.stream().map(ChunkId::toHex).collect(Collectors.joining(","));
        }
    }

    /** A chunk's bytes do not hash to its id. */
    public record BadChunk(ChunkId chunk, int segment, String reason) implements Problem {
        public String describe() {
            return "bad chunk " + chunk.toHex() + " in segment " + segment + ": " + reason;
        }
    }

    /** The pack trailer differs from the IndexBody in the index object. */
    public record TrailerMismatch(long offset, String reason) implements Problem {
        public String describe() {
            return "trailer mismatch at offset " + offset + ": " + reason;
        }
    }

    /** The footer does not decode or points somewhere other than the index object says. */
    public record BadFooter(long offset, String reason) implements Problem {
        public String describe() {
            return "bad pack footer at offset " + offset + ": " + reason;
        }
    }

    /** The pack's SHA-256 differs from the one recorded in {@code recordedIn} (the footer or the index object). */
    public record ChecksumMismatch(String recordedIn, String expected, String actual) implements Problem {
        public String describe() {
            return "pack checksum mismatch against the " + recordedIn + ": expected " + expected + " actual " + actual;
        }
    }

    /** The object ended at {@code offset} while {@code reading} was expected. */
    public record Truncated(long offset, String reading) implements Problem {
        public String describe() {
            return (offset == 0 ? "empty object" : "truncated at offset " + offset) + " while reading " + reading;
        }
    }

    /** The pack is longer or shorter than the index object says. */
    public record LengthMismatch(long expected, long actual) implements Problem {
        public String describe() {
            return "pack length mismatch: expected " + expected + " actual " + actual;
        }
    }

    /** The index object does not decode, fails its checksum or breaks an invariant. */
    public record BadIndexObject(String reason) implements Problem {
        public String describe() {
            return "bad pack index object: " + reason;
        }
    }
}
