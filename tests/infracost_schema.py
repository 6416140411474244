"""Validate llmkit's JSON against Infracost's own published schema (vendored with provenance in
fixtures/infracost-schema/), so "Infracost-compatible" is checked, not claimed.

The ``cli`` fixture calls ``check_cli_output`` on every ``price`` / ``preview`` run that asked
for JSON, so every JSON output in the test suite is validated.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Sequence

SCHEMA = Path(__file__).parent / "fixtures" / "infracost-schema" / "infracost.schema.json"


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    # timeGenerated and vcsCommitTimestamp are "date-time": check the format, not only the type
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def violations(doc: Any) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in _validator().iter_errors(doc))


def assert_valid(doc: Any) -> None:
    found = violations(doc)
    assert not found, f"{len(found)} Infracost schema violation(s):\n" + "\n".join(found[:30])


def _asks_for_json(argv: Sequence[str]) -> bool:
    for i, a in enumerate(argv):
        if a in ("-f", "--format") and i + 1 < len(argv) and argv[i + 1].lower() == "json":
            return True
        if a.lower() in ("--format=json", "-fjson"):
            return True
    return False


def check_cli_output(argv: Sequence[str], code: int, out: str) -> None:
    """Validate the stdout of a ``price`` / ``preview`` JSON run that printed a report."""
    if not argv or argv[0] not in ("price", "preview") or not _asks_for_json(argv) or "--help" in argv:
        return
    if code not in (0, 3) or not out.strip():
        return
    assert_valid(json.loads(out))
