"""GCP cost models for the services LLM agent stacks add around the model: Memorystore,
Firestore, Artifact Registry and Vertex AI endpoints (Cloud Run is
``models.common.ServerlessContainer``; Cloud SQL and GKE are one-function pricers)."""

from __future__ import annotations

from decimal import Decimal

from llmkit.pricing.cost_component import CostComponent
from llmkit.pricing.preview.resources.base import UsageKey, usage_key
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.models.common import STORAGE_GB, Hourly

DOC_READS = usage_key("monthly_document_reads", "reads", "document reads per month", 1_000_000)
DOC_WRITES = usage_key("monthly_document_writes", "writes", "document writes per month", 200_000)
HUNDRED_K = Decimal("0.00001")


class Memorystore(Hourly):
    """A Memorystore for Redis instance: GB-hours of its capacity at its tier's rate."""


class VertexDeployment(Hourly):
    """Node-hours of the machine type serving a Vertex AI model deployment (min replicas)."""


class Firestore:
    """Document reads and writes (per 100k) and stored data, all from usage."""

    USAGE: tuple[UsageKey, ...] = (DOC_READS, DOC_WRITES, STORAGE_GB)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        reads = prices.platform("firestore_reads_100k", what="Firestore document reads")
        writes = prices.platform("firestore_writes_100k", what="Firestore document writes")
        storage = prices.platform("firestore_storage_gb_month", what="Firestore storage")
        return [
            prices.usage_line("Document reads", DOC_READS.name, reads, scale=HUNDRED_K, unit="100k reads"),
            prices.usage_line("Document writes", DOC_WRITES.name, writes, scale=HUNDRED_K, unit="100k writes"),
            prices.usage_line("Stored data", STORAGE_GB.name, storage, unit="GB-months"),
        ]
