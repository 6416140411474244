"""The limits every untrusted value is held to, and the checks that turn a value into a typed,
bounded one or a one-line UserError (exit 2).

WHY one module: preview documents, usage files, ``--compare-to`` baselines, stack config and
flags all come from outside (a CI artifact, a colleague's YAML, a shell history); each reader
validates where the value enters, with the same limits and the same message shape, so no code
past the boundary can raise on a value's shape or size. Messages name the file, resource and
field, never the value itself (a preview carries plain-text passwords). docs/limits.md lists
every limit here for users.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Optional

from llmkit.core.errors import UserError

# Counts (GPUs, replicas, nodes, users per scenario step...) and sizes (GB, IOPS) in one plan.
MAX_COUNT = 1_000_000
# Any number in a preview document: JSON numbers are IEEE doubles in Pulumi, exact up to 2**53.
MAX_NUMBER = 2**53
# Digits in a JSON integer literal before it is refused unparsed (Python's own cap is 4,300).
MAX_INT_DIGITS = 20
# Monthly money: a trillion dollars a month is beyond any stack this kit can describe.
MAX_MONEY = Decimal(10) ** 12
# Usage quantities (GB, requests, tokens per month).
MAX_USAGE = Decimal(10) ** 15
# Nesting of JSON / YAML values (Pulumi inputs nest a handful of levels).
MAX_DEPTH = 64
# Characters in one string value of a document (a user-data script is the largest real one).
MAX_TEXT = 1024 * 1024
# Points in a `compare --users` range.
MAX_RANGE_POINTS = 1000
# Users, the biggest workload the models describe (a billion people, every query served).
MAX_USERS = 10**9


def _decimal(value: Any) -> Optional[Decimal]:
    """A Decimal of a number-like value without ever expanding a huge or odd one; None if not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if value.bit_length() > 200:  # str() of a 5,000-digit int is slow and capped in 3.11
            return Decimal("Infinity") if value > 0 else Decimal("-Infinity")
        return Decimal(value)
    if isinstance(value, float):  # its shortest repr, as typed: not a 100-digit binary expansion
        return Decimal(repr(value)) if math.isfinite(value) else Decimal("NaN")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 64:
            return None
        try:
            return Decimal(text)
        except (InvalidOperation, ValueError):
            return None
    return None


def number(value: Any, where: str, *, minimum: Decimal | int = 0, maximum: Decimal | int = MAX_NUMBER) -> Decimal:
    """A finite number in [minimum, maximum]; anything else -> UserError naming ``where``."""
    dec = _decimal(value)
    if dec is None:
        raise UserError(f"{where} must be a number")
    if not dec.is_finite() or dec < minimum or dec > maximum:
        raise UserError(f"{where} must be a finite number from {minimum:,} to {maximum:,}")
    return dec


def whole(value: Any, where: str, *, minimum: int = 0, maximum: int = MAX_COUNT) -> int:
    """A whole number in [minimum, maximum] (``4``, ``4.0``, ``"4"``); else UserError."""
    if type(value) is int and minimum <= value <= maximum:
        return value  # the common case, without a Decimal (every count of every planned resource)
    dec = _decimal(value)
    if dec is None or not dec.is_finite() or dec != dec.to_integral_value():
        raise UserError(f"{where} must be a whole number from {minimum:,} to {maximum:,}")
    if dec < minimum or dec > maximum:
        raise UserError(f"{where} must be a whole number from {minimum:,} to {maximum:,}")
    return int(dec)


def capped(value: Any, where: str, *, maximum: Decimal | int, integral: bool = False) -> Decimal:
    """A finite number (whole when ``integral``) no larger than ``maximum``; the lower bound is
    the caller's own check, with its own wording (models say "positive", "at least 1")."""
    dec = _decimal(value)
    kind = "whole number" if integral else "number"
    if dec is None or not dec.is_finite() or (integral and dec != dec.to_integral_value()):
        raise UserError(f"{where} must be a finite {kind}")
    if dec > maximum:
        raise UserError(f"{where} must be at most {maximum:,}")
    return dec


def money(value: Any, where: str) -> Decimal:
    """Monthly US dollars: finite, not negative, at most MAX_MONEY."""
    dec = _decimal(value)
    if dec is None:
        raise UserError(f"{where} must be an amount of US dollars")
    if not dec.is_finite() or dec < 0 or dec > MAX_MONEY:
        raise UserError(f"{where} must be an amount of US dollars from 0 to {MAX_MONEY:,}")
    return dec


def is_text(value: str) -> bool:
    """True when ``value`` is valid Unicode (no lone surrogate, which JSON's \\ud800 allows)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text(value: Any, where: str, *, max_len: int = MAX_TEXT) -> str:
    """A string of valid Unicode, at most ``max_len`` characters; else UserError."""
    if not isinstance(value, str):
        raise UserError(f"{where} must be text")
    if len(value) > max_len:
        raise UserError(f"{where} is longer than {max_len:,} characters")
    if not is_text(value):
        raise UserError(f"{where} is not valid Unicode text (a lone surrogate)")
    return value


def decode_text(data: bytes, what: str) -> str:
    """UTF-8 text (a BOM is dropped) or one line naming the file: a Latin-1 file is exit 2."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{what} is not UTF-8 text") from None


class Rejected:
    """A JSON literal refused while parsing (NaN, Infinity, a 5,000-digit integer): kept as a
    marker so the tree check can name the field it sits in."""

    __slots__ = ("what",)

    def __init__(self, what: str):
        self.what = what


def _parse_int(literal: str) -> Any:
    digits = len(literal) - (literal[0] == "-")
    if digits > MAX_INT_DIGITS:
        return Rejected("an integer too large")
    value = int(literal)
    return value if -MAX_NUMBER <= value <= MAX_NUMBER else Rejected("a number too large")


def _parse_float(literal: str) -> Any:
    value = float(literal)
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        return Rejected("a number too large")
    return value


def _parse_constant(literal: str) -> Any:
    return Rejected(f"{literal} (not a JSON number)")


JSON_HOOKS: dict[str, Any] = {"parse_int": _parse_int, "parse_float": _parse_float, "parse_constant": _parse_constant}


def bad_value(obj: Any, *, max_depth: int = MAX_DEPTH) -> Optional[tuple[str, str]]:
    """(path, what is wrong) of the first value in a parsed tree that breaks the limits, or None.

    Checks: nesting depth, numbers (finite, within MAX_NUMBER; Rejected markers), strings and
    keys (valid Unicode, at most MAX_TEXT). Iterative, so a deep tree cannot exhaust the stack.

    Almost every document is fine, so a quick pass (``_plainly_fine``) answers first; only a
    tree it cannot vouch for is walked again, value by value with paths, to name the fault.
    """
    if _plainly_fine(obj, max_depth):
        return None
    return _first_fault(obj, max_depth)


def _plainly_fine(obj: Any, max_depth: int) -> bool:
    """True when ``obj`` is plain JSON data (dict, list, str, int, float, bool, None) within
    every limit. It builds no path and pushes only containers: this check runs on every step
    of every preview and was most of the time of pricing a 5,000-resource one. False means
    "look closer" (a fault, or a kind only the full walk knows how to judge)."""
    stack: list[tuple[Any, int]] = [(obj, 0)]
    while stack:
        value, depth = stack.pop()
        kind = type(value)
        if kind is dict:
            if depth >= max_depth:
                return False
            for key in value:  # inline, not a helper per key: this loop is the hot path
                if type(key) is not str or len(key) > MAX_TEXT or not (key.isascii() or is_text(key)):
                    return False
            items: Any = value.values()
        elif kind is list:
            if depth >= max_depth:
                return False
            items = value
        else:
            items = (value,)
            depth -= 1  # a scalar at the top counts as a leaf of nothing
        for item in items:
            t = type(item)
            if t is str:
                if len(item) > MAX_TEXT or not (item.isascii() or is_text(item)):
                    return False
            elif t is dict or t is list:
                stack.append((item, depth + 1))
            elif t is int:
                if not -MAX_NUMBER <= item <= MAX_NUMBER:
                    return False
            elif t is float:
                if not (math.isfinite(item) and abs(item) <= MAX_NUMBER):
                    return False
            elif item is not None and t is not bool:
                return False
    return True


def _first_fault(obj: Any, max_depth: int) -> Optional[tuple[str, str]]:
    stack: list[tuple[Any, str, int]] = [(obj, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        kind = type(value)
        if kind is str:
            if len(value) > MAX_TEXT:
                return path, f"longer than {MAX_TEXT:,} characters"
            if not value.isascii() and not is_text(value):
                return path, "not valid Unicode text (a lone surrogate)"
        elif kind is dict:
            if depth >= max_depth:
                return path, f"nested deeper than {max_depth} levels"
            for key, item in value.items():
                if not isinstance(key, str) or (not key.isascii() and not is_text(key)):
                    return path, "a mapping with a key that is not valid Unicode text"
                name = key if len(key) <= 64 else key[:61] + "..."  # paths stay small: depth x 64
                stack.append((item, f"{path}.{name}" if path else name, depth + 1))
        elif kind is list:
            if depth >= max_depth:
                return path, f"nested deeper than {max_depth} levels"
            for i, item in enumerate(value):
                stack.append((item, f"{path}[{i}]", depth + 1))
        elif kind is Rejected:
            return path, value.what
        elif kind is float:
            if not math.isfinite(value) or abs(value) > MAX_NUMBER:
                return path, "a number that is not finite or too large"
        elif kind is int:
            if not -MAX_NUMBER <= value <= MAX_NUMBER:
                return path, "a number too large"
        elif value is None or kind is bool:
            continue
        elif isinstance(value, Mapping):  # subclasses and other mappings from callers
            stack.append((dict(value), path, depth))
        elif isinstance(value, (list, tuple)):
            stack.append((list(value), path, depth))
        elif isinstance(value, str):
            stack.append(("".join(value), path, depth))
        elif isinstance(value, int):
            stack.append((int(value), path, depth))
        elif isinstance(value, float):
            stack.append((float(value), path, depth))
        else:
            return path, f"a value of an unexpected kind ({kind.__name__})"
    return None
