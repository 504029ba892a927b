package dev.tierpack.packer.index;

import dev.tierpack.packer.format.PackIndexObject;
import java.nio.file.Files;
import java.nio.file.Path;

/** Child process of {@link PublishAtomicityTest}: publishes index objects, then halts without closing anything. */
public final class PublishThenHalt {
    static final int HALT_STATUS = 42;

    private PublishThenHalt() {}

    public static void main(String[] args) throws Exception {
        ChunkIndex index = ChunkIndex.open(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            index.publish(PackIndexObject.decode(Files.readAllBytes(file), file.toString()));
        }
        System.out.println("published " + (args.length - 1) + " packs");
        System.out.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
