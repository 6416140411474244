"""Sweep: find and delete what the kit left running, per cloud, by the llmkit-managed label.

``base`` holds the cloud-neutral rules; ``aws``, ``azure`` and ``gcp`` each import only their
own cloud's SDK, and are imported only when that cloud is swept.
"""
