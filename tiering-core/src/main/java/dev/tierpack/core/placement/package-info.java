/**
 * Placement: which store paths stay warm (instantly fetchable) and which go cold (restore first), and why.
 * {@link dev.tierpack.core.placement.PlacementPolicy} holds the inputs, {@link dev.tierpack.core.placement.PlacementStore}
 * the facts gathered while listing (references, content address, name) and the computed hot set, both in RocksDB so
 * that closures over hundreds of millions of paths never live on the heap; every answer is a
 * {@link dev.tierpack.core.placement.PlacementDecision} naming the rule that decided.
 */
package dev.tierpack.core.placement;
