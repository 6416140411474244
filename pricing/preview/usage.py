"""The usage file: values for usage-based cost components, in the spirit of infracost-usage.yml.

```yaml
version: 0.1
resource_type_default_usage:        # per Pulumi type token
  aws:s3/bucket:Bucket:
    storage_gb: 500
resource_usage:                     # per resource: URN resource name or full URN, * and ? wildcards
  uploads:
    storage_gb: 2000
  "api-*":
    capacity_units: 3
```
Per-resource values beat type defaults; an exact name beats a wildcard. Quantities are
shown with where they came from ("usage file" / "usage default"), so a default is never
mistaken for a measurement. ``sync_usage`` writes the keys a document needs, keeping values
already in the file and filling the rest with each pricer's documented default.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from llmkit.core.bounds import MAX_USAGE, is_text
from llmkit.core.bounds import number as bounded_number
from llmkit.core.errors import UserError
from llmkit.core.files import read_bounded

FROM_FILE = "usage file"
FROM_DEFAULT = "usage default"
MAX_USAGE_BYTES = 4 * 1024 * 1024
MAX_NAME = 1024  # characters in a resource name, URN pattern or usage key


@dataclasses.dataclass
class Usage:
    type_defaults: dict[str, dict[str, Decimal]] = dataclasses.field(default_factory=dict)
    resources: dict[str, dict[str, Decimal]] = dataclasses.field(default_factory=dict)

    def for_resource(self, urn: str, name: str, token: str) -> tuple[dict[str, Decimal], dict[str, str]]:
        """(values, where each value came from) for one resource."""
        values: dict[str, Decimal] = {}
        sources: dict[str, str] = {}
        for key, value in self.type_defaults.get(token, {}).items():
            values[key], sources[key] = value, FROM_DEFAULT
        wild = [(p, v) for p, v in self.resources.items() if any(ch in p for ch in "*?[") and (fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(urn, p))]
        exact = [self.resources[k] for k in (name, urn) if k in self.resources]
        for _, entry in sorted(wild, key=lambda pv: len(pv[0])):  # longer (more specific) patterns last
            for key, value in entry.items():
                values[key], sources[key] = value, FROM_FILE
        for entry in exact:
            for key, value in entry.items():
                values[key], sources[key] = value, FROM_FILE
        return values, sources


def _number(value: Any, where: str) -> Decimal:
    """A usage quantity: a plain YAML number (never a mapping or list, whose ``str`` could be an
    alias graph of gigabytes), finite, from 0 to MAX_USAGE."""
    if not isinstance(value, (int, float, str)) or isinstance(value, bool):
        raise UserError(f"usage file: {where} must be a number")
    return bounded_number(value, f"usage file: {where}", maximum=MAX_USAGE)


def _name(value: Any, where: str) -> str:
    name = str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
    if name is None or not is_text(name) or len(name) > MAX_NAME:
        raise UserError(f"usage file: a key under {where} is not a resource name or usage key")
    return name


def _section(doc: Mapping[str, Any], key: str) -> dict[str, dict[str, Decimal]]:
    raw = doc.get(key) or {}
    if not isinstance(raw, dict):
        raise UserError(f"usage file: '{key}' must be a mapping")
    out: dict[str, dict[str, Decimal]] = {}
    for raw_name, entry in raw.items():
        name = _name(raw_name, f"'{key}'")
        if entry is None:
            continue
        if not isinstance(entry, dict):
            raise UserError(f"usage file: '{key}.{name}' must be a mapping of usage keys to numbers")
        values: dict[str, Decimal] = {}
        for raw_k, v in entry.items():
            k = _name(raw_k, f"'{key}.{name}'")
            if v is not None:
                values[k] = _number(v, f"{key}.{name}.{k}")
        out[name] = values
    return out


def _load(data: bytes | str) -> dict[str, Any]:
    """The file's YAML through the bounded loader (no aliases, nesting and size limited)."""
    from llmkit.core.safeyaml import load_yaml

    doc = load_yaml(data, "usage file", max_bytes=MAX_USAGE_BYTES) or {}
    if not isinstance(doc, dict):
        raise UserError("usage file must be a YAML mapping")
    return doc


def parse_usage(text: bytes | str) -> Usage:
    doc = _load(text)
    return Usage(type_defaults=_section(doc, "resource_type_default_usage"), resources=_section(doc, "resource_usage"))


def load_usage(path: Optional[Path]) -> Optional[Usage]:
    if path is None:
        return None
    return parse_usage(read_bounded(path, "usage file", MAX_USAGE_BYTES))


def sync_usage(path: Path, needed: Iterable[tuple[str, str, Iterable[Any]]]) -> int:
    """Write (or update) ``path`` with the usage keys of ``needed`` = (resource name, type,
    usage keys). Values already in the file are kept; missing keys get their defaults.
    Returns how many resources the file lists. Written atomically (nothing half-written)."""
    import yaml

    from llmkit.core.files import write_atomically

    existing: dict[str, Any] = {}
    if path.is_dir():
        raise UserError(f"--sync-usage: {path} is a folder, not a file")
    if not path.parent.is_dir():
        raise UserError(f"--sync-usage: folder {path.parent} does not exist")
    if path.exists():
        data = read_bounded(path, "usage file", MAX_USAGE_BYTES)
        parse_usage(data)  # validate before rewriting
        existing = _load(data)
    resources: dict[str, Any] = dict(existing.get("resource_usage") or {})
    for name, _token, keys in needed:
        entry = dict(resources.get(name) or {})
        for key in keys:
            entry.setdefault(key.name, _plain(key.default))
        if entry:
            resources[name] = entry
    doc = {
        "version": existing.get("version", "0.1"),
        "resource_type_default_usage": existing.get("resource_type_default_usage") or {},
        "resource_usage": resources,
    }
    header = (
        "# llmkit usage file: values for usage-based cost components (monthly quantities).\n"
        "# Values written by --sync-usage are defaults: replace them with your own estimates.\n"
    )
    text = header + yaml.safe_dump(doc, sort_keys=False, default_flow_style=False)
    write_atomically(path, text, what="--sync-usage")
    return len(resources)


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
