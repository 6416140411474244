"""GCP Cloud Monitoring alerting policies: billed per condition and month."""

from __future__ import annotations

from llmkit.pricing.preview.resources import CostComponent, PriceContext, global_platform, pricer


@pricer("gcp:monitoring/alertPolicy:AlertPolicy", regional=False)
def alert_policy(ctx: PriceContext) -> list[CostComponent]:
    conditions = ctx.get("conditions") or []
    row = global_platform(ctx, "monitoring_alarm_month", "alerting condition")
    return [ctx.fixed("Alerting policy conditions", row, max(len(conditions), 1), unit="condition-months")]
