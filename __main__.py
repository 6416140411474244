"""Pulumi entry point: read the stack's config and build one architecture from it.

Nothing is created at import time by the components themselves; this file is only ever run
by the Pulumi engine, which is exactly when resources should be registered.
"""

from __future__ import annotations

import pulumi

from llmkit.components.program import build


def _config() -> dict[str, str]:
    """All config the engine passed in (full keys), with secrets resolved only inside Outputs."""
    from pulumi.runtime.config import CONFIG

    return {key: str(value) for key, value in CONFIG.get().items()}


if __name__ == "__main__":  # the Pulumi language host runs this file as __main__
    build(_config(), pulumi.get_stack())
