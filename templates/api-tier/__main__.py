"""A LiteLLM router tier in front of hosted model APIs (llmkit ApiTier) on AWS, Azure or GCP.

Made by ``pulumi new``; every setting is this project's own config (``pulumi config set users
500``), and every option of ``ApiTierArgs`` can be set here in code: see llmkit's README, "Use
the components in your own program". ``llmkit preview`` prices nothing here (it prices its own
stacks); price this project with ``pulumi preview --json > plan.json && llmkit price plan.json``.
"""

from typing import Optional

import pulumi

from llmkit.components import aws, azure, gcp

config = pulumi.Config()
cloud = {"aws": aws, "azure": azure, "gcp": gcp}[config.get("cloud") or "aws"]


def names(key: str) -> Optional[list[str]]:
    """A comma-separated setting as a list; None (the component's default) when unset."""
    value = config.get(key)
    return [name.strip() for name in value.split(",") if name.strip()] if value else None


deployment = cloud.ApiTier(
    f"{pulumi.get_project()}-{pulumi.get_stack()}",
    cloud.ApiTierArgs(
        region=config.get("region") or None,
        users=config.get_int("users"),
        owner=config.get("owner"),
        hosted_models=names("hostedModels"),
    ),
)

pulumi.export("endpoint", deployment.endpoint)
pulumi.export("vectorDbUrl", deployment.vector_db_url)
