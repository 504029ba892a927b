/**
 * Source retirement, never automatic: which source objects are fully migrated and verified, so that an operator may
 * delete them (S3 Batch Operations, a lifecycle rule). tierpack itself never deletes from the source.
 */
package dev.tierpack.manifests.retire;
