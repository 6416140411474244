"""The one reader of planned changes: preview documents and engine events -> PlannedResource list.

Three sources feed it (DESIGN.md, data flow): a real ``pulumi preview --json`` document, the
offline planner's document of the same shape, and the Automation API's ``ResourcePreEvent``
stream (converted step by step with ``step_from_event``). Everything downstream (pricers,
breakdown, reports, policy pack) sees only ``Plan`` / ``PlannedResource``.

Rules that matter for honest numbers:
- bytes may be UTF-8, UTF-8 with BOM or UTF-16 with BOM (PowerShell's ``>``); size is checked
  before parsing, so a 100 MB string fails fast and cheaply;
- steps of one URN are merged (create-replacement + replace + delete-replaced count once);
- component resources (custom=false) and ``pulumi:*`` types are kept apart, never priced;
- unknown keys are ignored; error messages name steps and fields, never input values (real
  previews carry plain-text passwords).

The package, by stage: ``document`` (bytes -> JSON, the boundary check, ``read_document``),
``steps`` (merging steps into resources), ``regions`` (where each runs), ``events`` (engine
events -> steps) and ``model`` (the types). Callers import from here.
"""

from llmkit.core.unknown import UNKNOWN
from llmkit.pricing.preview.plan.document import MAX_DOCUMENT_BYTES, check_values, decode, parse_json, read_document
from llmkit.pricing.preview.plan.events import EventCollector, step_from_event
from llmkit.pricing.preview.plan.model import Plan, PlannedResource, cloud_of, normalise_type, urn_name, urn_type
from llmkit.pricing.preview.plan.regions import provider_urn, resolve_region
from llmkit.pricing.preview.plan.steps import KNOWN_OPS, plan_from_steps

__all__ = [
    "KNOWN_OPS", "MAX_DOCUMENT_BYTES", "UNKNOWN", "EventCollector", "Plan", "PlannedResource", "check_values", "cloud_of",
    "decode", "normalise_type", "parse_json", "plan_from_steps", "provider_urn", "read_document", "resolve_region",
    "step_from_event", "urn_name", "urn_type",
]
