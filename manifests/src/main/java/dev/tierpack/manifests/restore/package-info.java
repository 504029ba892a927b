/**
 * Restoring cold store paths: which archived packs a store path needs (from its manifest and the chunk index, both
 * warm), {@code RestoreObject} requests for them under the restore budget, their cost ({@code RestorePrice}) and
 * ETA, and polling until they are readable. Used by {@code tierpack restore} and {@code serve --restore-on-miss}.
 */
package dev.tierpack.manifests.restore;
