"""Azure Monitor metric alert rules (per rule and month, one monitored time series each).

Alert rules live in location "global", which has no regional price: the rule is priced at
the catalog's rate for the stack's region (or the cloud's default region), and says so.
"""

from __future__ import annotations

from llmkit.pricing.preview.resources import CostComponent, PriceContext, global_platform, pricer


@pricer("azure-native:monitor:MetricAlert", "azure-native:insights:MetricAlert", regional=False)
def metric_alert(ctx: PriceContext) -> list[CostComponent]:
    row = global_platform(ctx, "monitoring_alarm_month", "metric alert rule")
    return [ctx.fixed("Metric alert rule (one time series)", row, 1)]
