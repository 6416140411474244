"""Text from input made safe to show: no control or bidi characters, no lone surrogates.

WHY: resource names, regions, tags and reasons come from preview documents and cloud APIs. An
ESC in a name clears a screen or recolours a terminal, an OSC sequence plants a hyperlink,
U+202E reverses what a reviewer reads (Trojan Source), and a lone surrogate makes the write
itself fail. Every renderer (table, JSON, Markdown, HTML, the sweep report) passes input text
through ``clean`` so each format shows the same visible, harmless text. Markup escaping is the
renderer's own job (rich, HTML); this only removes what no format should carry.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"

# C0 and C1 controls and DEL (tab and newline handled by the caller's choice), the bidi
# embeddings/overrides/isolates and marks, zero-width joiners that hide text, line/paragraph
# separators, and lone surrogates.
# The patterns are compiled on first use (``re`` caches them): most text is printable ASCII
# and never reaches them, and compiling both costs a command about 1 ms of start-up (issue 10).
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
_UNSAFE_LINE = "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"


def clean(text: str, *, multiline: bool = False) -> str:
    """``text`` with every unsafe character replaced by U+FFFD; newlines and tabs survive only
    when ``multiline`` (a note), never inside a table cell or a name."""
    if text.isascii() and text.isprintable():
        return text
    return re.sub(_UNSAFE if multiline else _UNSAFE_LINE, REPLACEMENT, text)


def has_unsafe(text: str) -> bool:
    """True when ``text`` holds a character ``clean`` would replace (tests and assertions)."""
    return re.search(_UNSAFE, text) is not None


def json_safe(text: str) -> str:
    """JSON text with every unsafe character escaped as ``\\uXXXX``: lossless for a JSON reader,
    harmless on a terminal. Only string contents can hold such characters (JSON's own syntax is
    ASCII), and json.dumps has already escaped quotes, backslashes and C0 controls."""
    if text.isascii() and "\x7f" not in text:
        return text
    return re.sub(_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)  # keeps the layout newlines
