"""A billing budget for the stack, only when the stack names a billing account.

GCP budgets live on the billing account, not the project, and need billing permissions the
deployer may not have, so they are opt-in (``spec.gcp_billing_account``). The budget counts
only this stack's spend: resources carry the ``llmkit-stack`` label and the budget filters on
it. Alerts at 80 % of actual and 100 % of forecast spend go to the billing account's admins.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

import pulumi_gcp as gcp

from llmkit.components.gcp.base import GcpBase


def create_budget(base: GcpBase) -> Optional[gcp.billing.Budget]:
    spec = base.spec
    if not spec.gcp_billing_account or spec.budget_monthly_usd is None:
        return None
    units = str(Decimal(spec.budget_monthly_usd).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return gcp.billing.Budget(
        base.name("budget"),
        billing_account=spec.gcp_billing_account,
        display_name=f"llmkit-{spec.stack}"[:60],
        amount=gcp.billing.BudgetAmountArgs(
            specified_amount=gcp.billing.BudgetAmountSpecifiedAmountArgs(currency_code="USD", units=units)
        ),
        budget_filter=gcp.billing.BudgetBudgetFilterArgs(
            labels={"llmkit-stack": spec.labels.get("llmkit-stack", spec.stack)},
            calendar_period="MONTH",
        ),
        threshold_rules=[
            gcp.billing.BudgetThresholdRuleArgs(threshold_percent=0.8, spend_basis="CURRENT_SPEND"),
            gcp.billing.BudgetThresholdRuleArgs(threshold_percent=1.0, spend_basis="FORECASTED_SPEND"),
        ],
        opts=base.opts(),
    )
