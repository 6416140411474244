"""The kit's reference stacks: ``stacks/Pulumi.<name>.yaml`` files, read without the Pulumi CLI.

Pulumi keeps stack config as a YAML mapping under ``config:`` with namespaced keys
(``llmkit:users``, ``aws:region``). Values reach a program as strings (objects and lists JSON
encoded), so this loader flattens them the same way; the offline planner, the preview pricer
and the lifecycle commands all read stacks through it. Encrypted values (``secure:``) are
reported as secret keys and never decrypted or shown.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from llmkit.core.errors import UnknownName, UserError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# The reference stacks ship inside the package (in a checkout, llmkit/reference_stacks links to
# stacks/), so an installed llmkit finds them from any directory.
STACKS_DIR = Path(__file__).parent / "reference_stacks"
SECRET_PLACEHOLDER = "[secret]"


@dataclasses.dataclass(frozen=True)
class StackConfig:
    name: str
    path: Path
    config: dict[str, str]  # full keys -> string values, as a Pulumi program sees them
    secret_keys: tuple[str, ...]

    def get(self, key: str, default: str | None = None) -> str | None:
        """Value of ``key``; a bare key is taken in the ``llmkit`` namespace."""
        full = key if ":" in key else f"llmkit:{key}"
        return self.config.get(full, default)


def stack_names(stacks_dir: Path = STACKS_DIR) -> list[str]:
    return sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in stacks_dir.glob("Pulumi.*.yaml"))


def _as_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, separators=(",", ":"))


MAX_STACK_FILE_BYTES = 1024 * 1024


def _read_stack_yaml(path: Path) -> dict[str, Any]:
    """A stack file's YAML through the bounded loader (llmkit.core.safeyaml: no aliases, size
    and nesting limited, UTF-8 checked); its top level must be a mapping (issue 14)."""
    from llmkit.core.safeyaml import load_yaml

    doc = load_yaml(path.read_bytes(), path.name, max_bytes=MAX_STACK_FILE_BYTES) or {}
    if not isinstance(doc, dict):
        raise UserError(f"{path.name} must be a YAML mapping with a 'config:' section")
    return doc


def load_stack_config(name: str, stacks_dir: Path = STACKS_DIR) -> StackConfig:
    """Read one stack's config; an unknown stack exits 2 with the closest names."""
    path = stacks_dir / f"Pulumi.{name}.yaml"
    if not path.is_file():
        raise UnknownName("stack", name, stack_names(stacks_dir))
    doc = _read_stack_yaml(path)
    raw = doc.get("config") or {}
    if not isinstance(raw, dict):
        raise UserError(f"{path.name}: 'config' must be a mapping")
    config: dict[str, str] = {}
    secrets: list[str] = []
    for key, value in raw.items():
        if isinstance(value, dict) and set(value) == {"secure"}:
            config[key] = SECRET_PLACEHOLDER
            secrets.append(key)
        else:
            config[key] = _as_string(value)
    return StackConfig(name=name, path=path, config=config, secret_keys=tuple(secrets))
