"""Pulumi ComponentResources for the three reference architectures on AWS, Azure and GCP.

``llmkit.components.spec`` holds the cloud-neutral decision of what to deploy; ``llmkit.components.aws``,
``llmkit.components.azure`` and ``llmkit.components.gcp`` turn it into resources. A provider SDK is imported
only inside its own cloud's package.
"""
