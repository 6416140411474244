"""The boundary of ``--compare-to``: a saved llmkit / Infracost JSON output checked for shape and
bounds before anything reads it.

WHY apart from the reader: a baseline is an artifact from an earlier CI run, so anyone who can
write one can hand us a string where an object goes, ``NaN`` costs (Python's json writes and
reads them) or a negative "before" cost that makes any increase look like a saving. This
module rejects all of that with one line naming the resource and field; the reader then only
sees objects, lists, valid text and money that is finite, not negative and below MAX_MONEY.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional

from llmkit.core.bounds import JSON_HOOKS, MAX_USAGE, bad_value, decode_text, money, number, text
from llmkit.core.errors import UserError

WHAT = "--compare-to file"
MAX_BASELINE_BYTES = 64 * 1024 * 1024


def parse_baseline(data: bytes) -> Any:
    """Parse and check a saved output's bytes; the checked document."""
    if len(data) > MAX_BASELINE_BYTES:
        raise UserError(f"{WHAT} is too large (limit {MAX_BASELINE_BYTES // (1024 * 1024)} MiB)")
    try:
        doc = json.loads(decode_text(data, WHAT), **JSON_HOOKS)
    except ValueError:
        raise UserError(f"{WHAT} is not valid JSON") from None
    except RecursionError:
        raise UserError(f"{WHAT} is nested too deeply") from None
    check_baseline(doc)
    return doc


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise UserError(f"{WHAT}: {where} must be an object")
    return value


def _object(value: Any, where: str) -> Mapping[str, Any]:
    """A list item that must be an object (null is not one)."""
    if not isinstance(value, Mapping):
        raise UserError(f"{WHAT}: {where} must be an object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise UserError(f"{WHAT}: {where} must be a list")
    return value


def _text(value: Any, where: str) -> Optional[str]:
    return None if value is None else text(value, f"{WHAT}: {where}", max_len=4096)


def _money(value: Any, where: str) -> None:
    if value is not None:
        money(value, f"{WHAT}: {where}")


def check_baseline(doc: Any) -> None:
    """Raise UserError on the first value of ``doc`` a baseline cannot have."""
    bad = bad_value(doc)
    if bad is not None:
        raise UserError(f"{WHAT}: field '{bad[0]}' is {bad[1]}")
    if not isinstance(doc, Mapping) or not isinstance(doc.get("projects"), list):
        raise UserError(f"{WHAT} is not llmkit / Infracost JSON output (no 'projects')")
    for p, project in enumerate(doc["projects"], start=1):
        breakdown = _mapping(_object(project, f"project {p}").get("breakdown"), f"project {p} breakdown")
        for i, res in enumerate(_list(breakdown.get("resources"), f"project {p} breakdown.resources"), start=1):
            where = f"resource {i}"
            res = _object(res, where)
            name = _text(res.get("name"), f"{where} name")
            if name:
                where = f"resource {i} ({name[:80]!r})"
            _text(res.get("resourceType"), f"{where} resourceType")
            _money(res.get("monthlyCost"), f"{where} monthlyCost")
            meta = _mapping(res.get("metadata"), f"{where} metadata")
            for key in ("urn", "region"):
                _text(meta.get(key), f"{where} metadata.{key}")
            rng = meta.get("monthlyCostRange")
            if rng is not None:
                rng = _mapping(rng, f"{where} metadata.monthlyCostRange")
                _money(rng.get("min"), f"{where} metadata.monthlyCostRange.min")
                _money(rng.get("max"), f"{where} metadata.monthlyCostRange.max")
            for c, comp in enumerate(_list(res.get("costComponents"), f"{where} costComponents"), start=1):
                at = f"{where} costComponents[{c}]"
                comp = _object(comp, at)
                _text(comp.get("name"), f"{at}.name")
                _text(comp.get("unit"), f"{at}.unit")
                _money(comp.get("price"), f"{at}.price")
                if comp.get("monthlyQuantity") is not None:
                    number(comp["monthlyQuantity"], f"{WHAT}: {at}.monthlyQuantity", maximum=MAX_USAGE)
                cmeta = _mapping(comp.get("metadata"), f"{at}.metadata")
                for key in ("source", "asOf", "usageKey", "usageSource"):
                    _text(cmeta.get(key), f"{at}.metadata.{key}")
