package dev.tierpack.packer.session;

import dev.tierpack.core.nix.NarInfo;
import dev.tierpack.packer.ingest.Decomposer;
import dev.tierpack.packer.ingest.StorePathLayout;

/** A store path whose NAR was verified and decomposed; durable once its packs are published. */
public record IngestedPath(NarInfo info, String narinfoKey, StorePathLayout layout, Decomposer.Stats stats) {}
