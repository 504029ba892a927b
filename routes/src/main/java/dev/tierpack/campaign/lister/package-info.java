/**
 * The lister: one listing page per timer tick after the committed checkpoint (the {@code aws2-s3} {@code listObjects}
 * operation or a local directory), each narinfo read and turned into a work record keyed by package name, and the
 * page's records committed with the next checkpoint in one Kafka transaction. Listing never reads a NAR.
 */
package dev.tierpack.campaign.lister;
