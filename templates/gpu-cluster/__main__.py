"""A self-hosted vLLM GPU cluster behind a load balancer (llmkit GpuCluster) on AWS, Azure or GCP.

Made by ``pulumi new``; every setting is this project's own config (``pulumi config set users
500``), and every option of ``GpuClusterArgs`` can be set here in code: see llmkit's README, "Use
the components in your own program". ``llmkit preview`` prices nothing here (it prices its own
stacks); price this project with ``pulumi preview --json > plan.json && llmkit price plan.json``.
"""

import pulumi

from llmkit.components import aws, azure, gcp

config = pulumi.Config()
cloud = {"aws": aws, "azure": azure, "gcp": gcp}[config.get("cloud") or "aws"]

deployment = cloud.GpuCluster(
    f"{pulumi.get_project()}-{pulumi.get_stack()}",
    cloud.GpuClusterArgs(
        region=config.get("region") or None,
        users=config.get_int("users"),
        owner=config.get("owner"),
        model=config.get("model"),
    ),
)

pulumi.export("endpoint", deployment.endpoint)
pulumi.export("vectorDbUrl", deployment.vector_db_url)
