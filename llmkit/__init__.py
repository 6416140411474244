"""llmkit: what will this LLM agent cost to run, which way is cheapest, and deploy it.

The package holds the CLI and the lifecycle glue; the cost core lives in the top-level
``pricing`` package and the Pulumi components in ``components``.
"""

__version__ = "0.1.0"
