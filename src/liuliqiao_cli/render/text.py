"""Text as a terminal shows it: how many cells it takes, and what must never reach it raw.

Every text renderer (rich tables, the plain tables, the summary's mail text, the Excel column
widths) measures and cleans text with :func:`cells` and :func:`visible`, so that their columns line
up alike. :class:`GuardedStream` is the last gate: the CLI puts it in front of stdout and stderr
for every command, so that a renderer that forgot to clean a resident's text still cannot let it
drive the terminal.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import Any, TextIO

# What must not reach a terminal or a pipe as it is: the C0 and C1 controls and DEL (they ring,
# move the cursor, erase, set the window title, write the clipboard: ESC ] 52 ...), the invisible
# format characters (bidirectional overrides that reorder what is shown, zero widths, the soft
# hyphen), the line and paragraph separators, and lone surrogates (undecodable bytes). The
# categories Cc, Cf, Zl, Zp and Cs of Unicode 14, written out: computing them on each run would
# cost start-up time. Spaces (the full-width U+3000 of Chinese text among them) are harmless.
# The patterns here are text: re compiles each on its first use and keeps it, so a run that
# prints only printable text into a pipe compiles one of them (its stream's), not four.
UNSAFE = (
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


class CharCells(dict[str, int]):
    """Character -> its terminal cells (2 for East Asian wide and full-width, else 1), each
    looked up in ``unicodedata`` once and kept, so that text is measured in C
    (``sum(map(widths.__getitem__, text))``) instead of one Python step per character: a table
    of 200 rows measures a few thousand characters. Characters below ``narrow_below`` count one
    cell unlooked (``plain.cut`` has always measured so). At most :data:`KEPT` characters are
    kept (a shell may list any text all day); the others are looked up each time."""

    KEPT = 20_000

    def __init__(self, narrow_below: str = "\x00") -> None:
        super().__init__()
        self.narrow_below = narrow_below

    def __missing__(self, ch: str) -> int:
        width = (
            1
            if ch < self.narrow_below
            else (2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1)
        )
        if len(self) < self.KEPT:
            self[ch] = width
        return width


_CELLS = CharCells()


def cells(text: str) -> int:
    """Terminal cells of ``text``: East Asian wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(map(_CELLS.__getitem__, text))


def visible(text: object, *, newlines: bool) -> str:
    """``text`` (None: empty) with the :data:`UNSAFE` characters as escapes (``\\x07``, ``\\t``,
    ``\\x1b``, ``\\u202e`` ...): a resident's text can neither drive the terminal nor break a
    table's alignment. ``newlines=True`` keeps line breaks, for output that wraps on them (a rich
    table cell, the lines of ``show``); ``False`` escapes them too, for a row that must stay one
    line."""
    s = "" if text is None else str(text)
    if s.isprintable():
        return s
    return re.sub(UNSAFE, lambda m: m[0] if newlines and m[0] == "\n" else repr(m[0])[1:-1], s)


def one_line(text: object) -> str:
    """``text`` on one line: runs of white space (line breaks included) become one space, and
    whatever else is :data:`UNSAFE` is escaped. For a message on stderr, a Markdown table cell."""
    return visible(" ".join(str("" if text is None else text).split()), newlines=False)


def markdown_line(text: object) -> str:
    """Text that stays what it is in Markdown, in a table cell or a line of its own: one line
    (a line break would end a table row), ``\\`` and ``|`` escaped (a ``|`` would split a cell),
    ``< > &`` as entities (no HTML from a place's name reaches a viewer), control characters
    made visible."""
    return (
        one_line(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\\", "\\\\")
        .replace("|", "\\|")
    )


def html_text(text: str, quote: bool = True) -> str:
    """``html.escape`` of :func:`visible` text (line breaks kept): nothing in it is markup, and
    nothing a terminal would obey."""
    from html import escape

    return escape(visible(text, newlines=True), quote)


def json_escape(char: str) -> str:
    """``\\u001b`` for ESC: a valid escape inside a JSON string and readable in any text (a
    character beyond U+FFFF as the pair of surrogates JSON writes it with)."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(text: str) -> str:
    """JSON text with every :data:`UNSAFE` character as its ``\\uXXXX`` escape (``json.dumps``
    escapes only C0): still the same JSON, and nothing in it a terminal would obey."""
    return re.sub(UNSAFE, lambda m: json_escape(m[0]), text)


# What each kind of stream lets through besides line breaks and tabs. Anywhere: CR LF (iCalendar
# ends its lines so) and a byte order mark that opens the output (a CSV for Excel). On a
# terminal: SGR sequences too (ESC [ ... m: the bold and colours of rich and of Typer's help).
# For drawing on a terminal (rich's progress bars and live displays, an interactive prompt):
# every CSI sequence (the cursor moves, erasing), CR and backspace. Never: OSC, DCS and the other
# string commands (window title, clipboard, links), BEL, a lone ESC, C1 controls, bidirectional
# overrides. Resident text carries not even what is let through: renderers pass it through
# :func:`visible` first; this is the gate behind them.
_SGR = r"\x1b\[[0-9;]*m"
_CSI = r"\x1b\[[0-?]*[ -/]*[@-~]"
_PIPE = r"(\r\n|^\ufeff)|" + UNSAFE
_TERMINAL = r"(\r\n|^\ufeff|" + _SGR + r")|" + UNSAFE
_DRAWING = r"(\r\n|^\ufeff|" + _CSI + r"|\r|\x08)|" + UNSAFE
_KEPT = ("\n", "\t")
# For each pattern, what it lets through as it is that str.isprintable refuses: its escape
# sequences (a small pattern, quick to compile) and single characters, besides line breaks and
# tabs. A CR LF and a BOM are left to the pattern itself.
_PASSED = {_PIPE: (None, ""), _TERMINAL: (_SGR, ""), _DRAWING: (_CSI, "\r\x08")}


def _unchanged(text: str, pattern: str) -> bool:
    """Whether ``pattern`` would leave ``text`` as it is, told without compiling it: once the
    sequences it lets through are taken out, and then line breaks, tabs and the characters it
    lets through, only printable characters are left. Every :data:`UNSAFE` character is a
    control, format, separator or surrogate, none of which ``str.isprintable`` passes
    (tests/test_render_text.py checks each); the sequences hold no ESC but their first character,
    so the pattern finds each of them where this finds it."""
    if text.isprintable():
        return True
    sequences, passed = _PASSED[pattern]
    rest = re.sub(sequences, "", text) if sequences is not None and "\x1b" in text else text
    for ch in ("\n", "\t", *passed):
        rest = rest.replace(ch, "")
    return rest.isprintable()


def _escape(m: re.Match[str]) -> str:
    return m[0] if m[1] is not None or m[0] in _KEPT else json_escape(m[0])


class GuardedStream:
    """A text stream in front of another that escapes every :data:`UNSAFE` character except
    line breaks and tabs (and on a terminal, styles: see ``_TERMINAL``). The escapes are JSON's,
    so a JSON document stays valid and means the same: ``json.dumps`` leaves DEL, C1 and format
    characters raw. Bytes written to its ``buffer`` (UTF-8 text, such as a calendar) pass the
    same gate; :attr:`drawing` is the side for what draws on a terminal.

    A character that the stream's encoding cannot write (a terminal in a non-UTF-8 locale)
    raises :class:`~liuliqiao_cli.errors.LedgerError` ``output.encoding``, which the CLI turns
    into its one line on stderr.
    """

    def __init__(self, stream: TextIO, *, drawing: bool = False) -> None:
        self._stream = stream
        terminal = _isatty(stream) or bool(os.environ.get("FORCE_COLOR"))
        # Compiled on first use (re keeps it): ~2 ms for the astral ranges of UNSAFE, which
        # printable text, styled or drawn, never needs (see write).
        self._pattern = (_DRAWING if drawing else _TERMINAL) if terminal else _PIPE
        self._started = False  # a BOM is let through only as the first character
        self._cr = ""  # a CR that ended the last write: half of a CR LF, or a lone one
        self._buffer: _GuardedBuffer | None = None
        self._drawing: GuardedStream | None = self if drawing else None

    @property
    def drawing(self) -> GuardedStream:
        """The same stream for rich's consoles and prompts, which draw on a terminal with
        cursor moves (into a pipe it is as strict as this one)."""
        if self._drawing is None:
            self._drawing = GuardedStream(self._stream, drawing=True)
            self._drawing._started = True
        return self._drawing

    @property
    def guarded(self) -> TextIO:
        """The stream behind this one."""
        return self._stream

    @property
    def buffer(self) -> _GuardedBuffer:
        if self._buffer is None:
            self._buffer = _GuardedBuffer(self)
        return self._buffer

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # as a text stream does: click tells them apart this way
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        length = len(text)
        text, self._cr = self._cr + text, ""
        if text.endswith("\r"):
            text, self._cr = text[:-1], "\r"
        if self._started and text.startswith("\ufeff"):
            text = json_escape("\ufeff") + text[1:]
        self._started = self._started or bool(text)
        if not _unchanged(text, self._pattern):
            pattern = re.compile(self._pattern)
            if pattern.search(text) is not None:
                text = pattern.sub(_escape, text)
        self._write(text)
        return length

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
        except UnicodeEncodeError as exc:
            from liuliqiao_cli.errors import LedgerError

            # Not the characters themselves: they may be a resident's.
            encoding = getattr(self._stream, "encoding", None) or exc.encoding
            raise LedgerError("output.encoding", encoding=encoding) from None

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._cr:
            self._cr = ""
            self._write(re.compile(self._pattern).sub(_escape, "\r"))
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:  # fileno, isatty, encoding, errors ...
        return getattr(self._stream, name)


class _GuardedBuffer:
    """The binary side of a :class:`GuardedStream`: UTF-8 bytes, decoded and let through the
    same gate (a sequence cut between two writes is held until its end arrives)."""

    def __init__(self, text: GuardedStream) -> None:
        import codecs

        self._text = text
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")

    def write(self, data: bytes) -> int:
        self._text.write(self._decoder.decode(bytes(data)))
        return len(data)

    def flush(self) -> None:
        self._text.write(self._decoder.decode(b"", final=True))
        self._text.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
