"""AWS operations services: CloudWatch alarms and log groups, Secrets Manager, Budgets."""

from __future__ import annotations

from decimal import Decimal

from llmkit.pricing.preview.resources import CostComponent, PriceContext, pricer, usage_key

LOG_INGEST_GB = usage_key("monthly_data_ingested_gb", "GB", "log data ingested per month", 5)
LOG_STORED_GB = usage_key("storage_gb", "GB", "log data retained", 20)
SECRET_REQUESTS = usage_key("monthly_requests", "requests", "API requests per month", 10000)


@pricer("aws:cloudwatch/metricAlarm:MetricAlarm")
def metric_alarm(ctx: PriceContext) -> list[CostComponent]:
    row = ctx.platform("monitoring_alarm_month", what="CloudWatch alarm")
    return [ctx.fixed("Standard metric alarm", row, 1)]


@pricer("aws:cloudwatch/logGroup:LogGroup", usage=(LOG_INGEST_GB, LOG_STORED_GB))
def log_group(ctx: PriceContext) -> list[CostComponent]:
    ingest = ctx.platform("log_ingest_gb", what="log ingestion")
    stored = ctx.platform("log_storage_gb_month", what="log storage")
    return [
        ctx.usage_line("Data ingested", LOG_INGEST_GB.name, ingest),
        ctx.usage_line("Archival storage", LOG_STORED_GB.name, stored),
    ]


def secret_lines(ctx: PriceContext, label: str) -> list[CostComponent]:
    month = ctx.platform("secret_month", what="secret storage")
    requests = ctx.platform("secret_10k_requests", what="secret API requests")
    return [
        ctx.fixed(label, month, 1),
        ctx.usage_line("API requests", SECRET_REQUESTS.name, requests, scale=Decimal("0.0001"), unit="10k requests"),
    ]


@pricer("aws:secretsmanager/secret:Secret", usage=(SECRET_REQUESTS,))
def secret(ctx: PriceContext) -> list[CostComponent]:
    return secret_lines(ctx, "Secret")


@pricer("aws:budgets/budget:Budget", regional=False)
def budget(ctx: PriceContext) -> list[CostComponent]:
    """Budgets bill only beyond the free allowance of action-enabled budgets; the catalog's
    ``budget_month`` row, when it has one, is that charge."""
    row = ctx.catalog.find_platform("aws", ctx.need_region(), "budget_month")
    if row is None:
        ctx.notes.append("budgets without actions carry no charge")
        return []
    return [ctx.fixed("Budget", row, 1)]
