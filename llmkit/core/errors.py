"""Error types that map to the CLI's exit codes.

Exit codes (DESIGN.md): 0 ok; 1 unexpected fault; 2 bad input or usage; 3 a guardrail
(budget) was breached. Code anywhere below the CLI raises these; only ``llmkit.cli.main``
turns them into a one-line message and an exit code, so library callers still get exceptions.

Messages must never contain input values that may be secrets (preview documents carry
plain-text passwords): name the field, not its value.
"""

from __future__ import annotations

from typing import Iterable


class UserError(Exception):
    """Bad input or usage: printed as one line, exit code 2."""

    exit_code = 2


class GuardrailBreached(Exception):
    """A budget or increase limit was exceeded: printed as one line, exit code 3."""

    exit_code = 3


class UnknownName(UserError, LookupError):
    """An unknown instance type, model, GPU or stack; suggests the closest known names."""

    def __init__(self, kind: str, name: str, known: Iterable[str]):
        self.kind = kind
        self.name = name
        self.suggestions = suggest(name, known)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {kind} {name!r}{hint}")


def suggest(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Closest known names, case-insensitively, for 'did you mean' hints (difflib is imported
    here, on an error, not by every command that imports this module: start-up is measured)."""
    from difflib import get_close_matches

    known = list(known)
    by_lower = {k.lower(): k for k in known}
    hits = get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.5)
    if not hits:
        hits = [k for k in by_lower if name.lower() in k or k in name.lower()][:n]
    return [by_lower[h] for h in hits]
