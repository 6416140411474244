"""A monthly consumption budget on the stack's resource group, from the stack's own estimate.

Notifications at 80 % of actual spend and 100 % of forecast spend go to the stack's e-mails and
to the group's Owners (a budget notification needs at least one recipient). The period starts
on the first day of the current month, as Azure requires.
"""

from __future__ import annotations

import datetime
from typing import Optional

import pulumi_azure_native as azure

from llmkit.components.azure.base import AzureBase


def create_budget(base: AzureBase, today: Optional[datetime.date] = None) -> Optional[azure.consumption.Budget]:
    amount = base.spec.budget_monthly_usd
    if amount is None:
        return None
    today = today or datetime.datetime.now(datetime.timezone.utc).date()
    emails = list(base.spec.budget_emails)

    def notify(threshold: int, kind: str) -> azure.consumption.NotificationArgs:
        return azure.consumption.NotificationArgs(
            enabled=True,
            operator="GreaterThanOrEqualTo",
            threshold=threshold,
            threshold_type=kind,
            contact_emails=emails,
            contact_roles=["Owner"],
        )

    return azure.consumption.Budget(
        base.name("budget"),
        budget_name=f"llmkit-{base.spec.stack}",
        scope=base.rg_id,
        amount=float(amount),
        category="Cost",
        time_grain="Monthly",
        time_period=azure.consumption.BudgetTimePeriodArgs(
            start_date=f"{today:%Y-%m}-01T00:00:00Z"
        ),
        notifications={"actual80": notify(80, "Actual"), "forecast100": notify(100, "Forecasted")},
        # the start is fixed at creation; re-planning next month must not try to move it
        opts=base.opts(ignore_changes=["timePeriod"]),
    )
