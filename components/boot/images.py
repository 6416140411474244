"""Container images the boot scripts run, pinned in one place so upgrades are one diff."""

VLLM_IMAGE = "vllm/vllm-openai:v0.10.1"
LITELLM_IMAGE = "ghcr.io/berriai/litellm:main-v1.76.1-stable"
QDRANT_IMAGE = "qdrant/qdrant:v1.15.1"
