/**
 * From damage to consequences: which store paths a damaged or missing pack affects (for {@code packer verify}).
 */
package dev.tierpack.manifests.damage;
