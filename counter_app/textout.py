"""Text printed to a terminal shows what it holds, never what it would do to the terminal.

Names, reasons, notes and file names come from people and files; printed raw, an ESC sequence
in one (`--operator $'\\e[2J'`) clears or rewrites the reader's screen, and a bidi override
(U+202E) makes "gpj.exe" read as "exe.jpg". `escape()` shows every such character as a visible
escape (`\\x1b`, `\\u202e`) and leaves everything else, Korean included, as it is. A backslash is
left alone: it does nothing to a terminal, and doubling it would change every Windows path.

What is escaped: C0 controls (U+0000-U+001F) and DEL (U+007F) except the tab and newline the
caller passes on purpose (`keep`), C1 controls (U+0080-U+009F; U+009B is a one-byte CSI on some
terminals), the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the
directional marks (U+200E, U+200F, U+061C), and the line/paragraph separators (U+2028, U+2029).

JSON output (`--json`) is not escaped here: `json.dumps` already writes every C0 control as
`\\u00XX`, and the CLI's JSON writer (`cli.Runner.print_json`) additionally writes C1, bidi and
separator characters as `\\uXXXX` (still the same JSON string to any parser), so a JSON document
shown raw in a terminal cannot drive it either.
"""

from __future__ import annotations

import re

_DANGEROUS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_RE_ALL = re.compile(f"[{_DANGEROUS}\t\n]")  # tab and newline too, unless the caller keeps them
# what the JSON writer spells as \\uXXXX besides what json.dumps already escapes (C0, quote, backslash)
JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _show(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text: object, keep: str = "") -> str:
    """`text` (str() of it) with every terminal-active character shown as an escape.

    `keep` lists the characters among tab and newline the caller wants through as they are
    (a line of tab-separated columns keeps neither inside a value: pass the value alone)."""
    s = text if isinstance(text, str) else str(text)
    return _RE_ALL.sub(lambda m: m.group() if m.group() in keep else _show(m.group()), s)


def escape_json_text(document_text: str) -> str:
    """A JSON text from json.dumps with C1, bidi and separator characters written as \\uXXXX."""
    return JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document_text)


def write_line(stream, text: object) -> None:
    """One line, escaped, to `stream` (tabs and newlines inside `text` are shown as escapes)."""
    stream.write(escape(text) + "\n")


def write_fields(stream, fields) -> None:
    """Tab-separated columns on one line, each value escaped (so a tab in a value cannot shift
    the columns of a script reading the output)."""
    stream.write("\t".join(escape(f) for f in fields) + "\n")


class SafeTextStream:
    """A text stream that escapes (as `escape`, keeping tab and newline) whatever is written to
    it. The CLI puts stdout behind one while a command runs, so every text output — each print
    site in counter_app/commands, today's and tomorrow's — is safe for the reader's terminal.
    JSON output passes through unchanged: `Runner.print_json` leaves nothing to escape."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape(text, keep="\t\n"))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):  # flush, fileno, isatty, encoding, buffer ...
        return getattr(self._stream, name)
