/**
 * Writing manifests in the publish order of docs/FORMAT.md 5: {@link dev.tierpack.manifests.publish.ManifestPublisher}
 * packs the manifests of durable store paths into manifest packs, publishes them like data packs, and only then
 * writes their catalog entries; {@link dev.tierpack.manifests.publish.MigrationSession} wires it after a
 * {@link dev.tierpack.packer.session.PackingSession}.
 */
package dev.tierpack.manifests.publish;
