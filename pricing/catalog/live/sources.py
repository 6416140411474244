"""Names of the live price sources, as each client starts a row's ``source`` (reports group
prices by them). Kept apart from the clients so a report can name sources without importing
any client library."""

LIVE_SOURCES = (
    "AWS Price List Query API",
    "Azure Retail Prices API",
    "GCP Cloud Billing Catalog API",
    "LiteLLM price map",
)
