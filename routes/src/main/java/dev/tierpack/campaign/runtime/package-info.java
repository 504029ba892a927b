/**
 * The campaign runtime: {@link dev.tierpack.campaign.runtime.RuntimeSettings} (built from options today, from the
 * campaign's YAML later), {@link dev.tierpack.campaign.runtime.CampaignRuntime} (one run: recovery, topics, fencing,
 * the Camel routes of {@link dev.tierpack.campaign.runtime.CampaignRoutes}), the
 * {@link dev.tierpack.campaign.runtime.BudgetHook} the cost and budget work plugs into, the run report and the
 * status read from Kafka. The commit protocol the runtime follows is docs/FORMAT.md section 5.
 */
package dev.tierpack.campaign.runtime;
