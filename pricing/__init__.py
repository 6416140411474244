"""The pricing layer of llmkit (installed as ``llmkit.pricing``): the bundled catalog
(``catalog``), the guide's cost models (``model``) and preview pricing (``preview``).

It imports only ``llmkit.core`` and never a Pulumi provider SDK (they cost seconds and
hundreds of MB), so estimates and preview pricing stay fast and work without any cloud account.
It returns data and never renders.
"""
