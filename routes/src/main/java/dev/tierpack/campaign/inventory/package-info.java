/** S3 Inventory reports in CSV format: the manifest and its gzip'd data files, read in bounded memory. */
package dev.tierpack.campaign.inventory;
