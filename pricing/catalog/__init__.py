"""The bundled offline price catalog: ``from llmkit.pricing.catalog import load_catalog``.

Data lives in ``data/*.csv`` (rebuilt by ``python -m llmkit.pricing.catalog.build`` from the upstream
copies in ``upstream/`` and the hand-kept ``sources/``); ``loader.Catalog`` reads it lazily; ``validate`` checks it.
"""

from llmkit.pricing.catalog.loader import Catalog, load_catalog

__all__ = ["Catalog", "load_catalog"]
