"""YAML from outside (usage files, stack files) read with bounded work.

WHY not ``yaml.safe_load``: safe_load refuses code, not size. Nine lines of anchors and aliases
(a "billion laughs") describe a graph that grows past gigabytes once anything walks it (the
usage reader's ``Decimal(str(value))`` did, and hung). Config files of this kit never need an
alias, so this loader refuses them outright, bounds nesting, and decodes the bytes itself so a
Latin-1 file is one clear line instead of a UnicodeDecodeError.
"""

from __future__ import annotations

from typing import Any

from llmkit.core.bounds import MAX_DEPTH, decode_text
from llmkit.core.errors import UserError

# Digits of a YAML integer literal: well above any real value (the readers bound values and
# name the key), well below the 4,300 digits where int() itself raises ValueError.
MAX_YAML_INT_DIGITS = 1000


def _loader_class() -> Any:
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        """SafeLoader without aliases and with a nesting limit."""

        def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D401 - PyYAML hook
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise _Refused("uses a YAML alias (*name), which llmkit does not accept", event.start_mark)
            self._depth = getattr(self, "_depth", 0) + 1
            try:
                if self._depth > MAX_DEPTH:
                    raise _Refused(f"is nested deeper than {MAX_DEPTH} levels", self.peek_event().start_mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_yaml_int(self, node: Any) -> Any:  # noqa: D401 - PyYAML hook
            # int() of a 5,000-digit literal raises ValueError (Python's digit cap), not a
            # YAMLError; refuse long literals by length, before any conversion.
            if len(str(node.value)) > MAX_YAML_INT_DIGITS:
                raise _Refused(f"has a number longer than {MAX_YAML_INT_DIGITS} digits", node.start_mark)
            return super().construct_yaml_int(node)

    BoundedLoader.add_constructor("tag:yaml.org,2002:int", BoundedLoader.construct_yaml_int)
    return BoundedLoader


class _Refused(Exception):
    def __init__(self, why: str, mark: Any):
        super().__init__(why)
        self.why = why
        self.mark = mark


def load_yaml(data: bytes | str, what: str, *, max_bytes: int) -> Any:
    """Parse YAML text of a file called ``what``: aliases refused, nesting and size bounded,
    every failure one UserError line naming the file and the line."""
    import yaml

    if len(data) > max_bytes:
        raise UserError(f"{what} is too large (limit {max_bytes // 1024:,} KiB)")
    text = decode_text(data, what) if isinstance(data, bytes) else data
    try:
        return yaml.load(text, Loader=_loader_class())  # noqa: S506 - a SafeLoader subclass
    except _Refused as exc:
        line = exc.mark.line + 1 if exc.mark is not None else "?"
        raise UserError(f"{what} {exc.why} (line {line})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UserError(f"{what} is not valid YAML (line {mark.line + 1 if mark else '?'})") from None
    except RecursionError:
        raise UserError(f"{what} is nested too deeply") from None
