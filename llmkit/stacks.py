"""Stack files (``Pulumi.<name>.yaml``), read without the Pulumi CLI: the kit's reference stacks
or a user's own folder of them (``--stacks-dir`` / ``LLMKIT_STACKS_DIR``).

Pulumi keeps stack config as a YAML mapping under ``config:`` with namespaced keys
(``llmkit:users``, ``aws:region``). Values reach a program as strings (objects and lists JSON
encoded), so this loader flattens them the same way; the offline planner, the preview pricer
and the lifecycle commands all read stacks through it. Encrypted values (``secure:``) are
reported as secret keys and never decrypted or shown.

A stack name is checked before it becomes a path: ``[A-Za-z0-9._-]+`` (Pulumi's own rule, at
most 100 characters) and the file must resolve inside the stacks folder, so a name cannot
reach a file elsewhere (``../../x``, an absolute path, a symlink pointing out).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

from llmkit.core.errors import UnknownName, UserError

# The reference stacks ship inside the package (in a checkout, llmkit/reference_stacks links to
# stacks/), so an installed llmkit finds them from any directory.
STACKS_DIR = Path(__file__).parent / "reference_stacks"
SECRET_PLACEHOLDER = "[secret]"
# Where the CLI looks for stack files instead of the reference stacks (--stacks-dir wins).
STACKS_DIR_ENV = "LLMKIT_STACKS_DIR"
STACK_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")


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


def check_stack_name(name: str) -> str:
    """``name`` if it is a valid stack name; else exit 2 (the name itself is not echoed: it is
    untrusted input and may carry control characters)."""
    if not STACK_NAME.fullmatch(name):
        raise UserError("stack name must be 1-100 letters, digits, '.', '_' or '-'")
    return name


def stack_file(name: str, stacks_dir: Path = STACKS_DIR) -> Path:
    """The path of stack ``name``'s file, guaranteed to lie inside ``stacks_dir`` (it may not exist)."""
    check_stack_name(name)
    if not stacks_dir.is_dir():
        raise UserError(f"stacks folder {stacks_dir} does not exist (--stacks-dir / {STACKS_DIR_ENV})")
    path = stacks_dir / f"Pulumi.{name}.yaml"
    if path.exists() and path.resolve().parent != stacks_dir.resolve():
        raise UserError(f"stack file {path.name} points outside the stacks folder {stacks_dir}")
    return path


def deployable_stacks_dir(name: str, stacks_dir: Path | None) -> Path:
    """The stacks folder ``up`` may use: Pulumi writes stack config there (the secrets salt on
    ``stack init``, a ``--ttl`` copy's config), so not the reference stacks inside an installed
    package (a real folder in site-packages; in a checkout it is a link to stacks/)."""
    if stacks_dir is not None:
        return stacks_dir
    if not STACKS_DIR.is_symlink():
        raise UserError(
            f"the reference stacks inside the installed llmkit are read-only: copy {stack_file(name, STACKS_DIR).name} "
            f"from {STACKS_DIR} to a folder of your own and pass --stacks-dir (or {STACKS_DIR_ENV})"
        )
    return STACKS_DIR


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
    path = stack_file(name, stacks_dir)
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
