/**
 * A campaign's placement: the lister records every store path's facts in the campaign's
 * {@link dev.tierpack.core.placement.PlacementStore}, the worker computes the hot set once the listing is complete
 * and places each store path by it ({@link dev.tierpack.campaign.placement.CampaignPlacement}).
 */
package dev.tierpack.campaign.placement;
