/**
 * The load harness behind {@code tierpack bench ingest}: each measured run is a fresh JVM ({@link LoadChild}) so
 * that its peak RSS is its own; {@link LoadHarness} starts them, with a baseline run in the same invocation, and
 * writes the report; {@link LoadPlot} draws throughput and peak RSS against the object count.
 */
package dev.tierpack.loadbench;
