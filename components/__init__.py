"""Pulumi ComponentResources for the three reference architectures on AWS, Azure and GCP.

``components.spec`` holds the cloud-neutral decision of what to deploy; ``components.aws``,
``components.azure`` and ``components.gcp`` turn it into resources. A provider SDK is imported
only inside its own cloud's package.
"""
