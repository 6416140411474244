"""The Pulumi project that ``up``, ``destroy`` and ``preview --engine`` run in.

The Pulumi CLI needs a project directory (Pulumi.yaml plus the program) and reads stack config
from its ``stackConfigDir``. llmkit ships both as package data (``llmkit/project``: in a
checkout, links to the repository's Pulumi.yaml and __main__.py), so an installed llmkit can
deploy from any directory. Each command writes a throwaway project into a temporary folder:
the shipped Pulumi.yaml with ``stackConfigDir`` pointing at the stacks folder in use (the
reference stacks, ``--stacks-dir`` or ``LLMKIT_STACKS_DIR``) and the pip toolchain without a
virtualenv, and ``PULUMI_PYTHON_CMD`` set to the interpreter llmkit runs on, so the program
imports the same llmkit, provider SDKs included. Nothing is written into site-packages or the
user's folder except what Pulumi itself writes there (stack config, e.g. a test copy's).

Same project name (``llmkit``) as the repository's Pulumi.yaml, so ``pulumi up`` in a checkout
and ``llmkit up`` manage the same stacks in the same backend.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parents[1] / "project"
PYTHON_CMD_ENV = "PULUMI_PYTHON_CMD"


def project_settings(stacks_dir: Path, project_dir: Path) -> dict[str, Any]:
    """The shipped Pulumi.yaml, pointed at ``stacks_dir`` and at no virtualenv of its own."""
    import yaml

    settings = yaml.safe_load((SHIPPED / "Pulumi.yaml").read_text(encoding="utf-8"))
    # Relative, as Pulumi documents stackConfigDir ("relative to the location of Pulumi.yaml").
    settings["stackConfigDir"] = os.path.relpath(stacks_dir.resolve(), project_dir.resolve())
    settings["runtime"] = {"name": "python", "options": {"toolchain": "pip"}}
    return settings


class TemporaryProject:
    """A project folder for one command; removed when the command's process ends."""

    def __init__(self, stacks_dir: Path):
        import yaml

        self._tmp = tempfile.TemporaryDirectory(prefix="llmkit-project-")
        self.dir = Path(self._tmp.name)
        settings = project_settings(stacks_dir, self.dir)
        (self.dir / "Pulumi.yaml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
        shutil.copyfile(SHIPPED / "__main__.py", self.dir / "__main__.py")
        # The language host runs the program with this interpreter (pip toolchain, no virtualenv).
        self.env = {PYTHON_CMD_ENV: sys.executable}
