"""Removes terminal noise from streamed output, as the daemon does for exec and for the
REST stream's chunks (src/exec/clean-output.ts): ANSI escape sequences (CSI, OSC, DCS
and the other ESC sequences) go, and carriage returns (\\r\\n and a lone \\r) become \\n."""

from __future__ import annotations

_ESC = "\x1b"
_BEL = "\x07"

#: An escape sequence longer than this is not one: its ESC is dropped and the rest is
#: kept as text. This also bounds what the cleaner holds back.
_MAX_SEQUENCE_LENGTH = 4096

_INCOMPLETE = -1


class OutputCleaner:
    """Cleans one stream piece by piece. An escape sequence or a \\r at the end of a piece
    is held back until the next, so that one split between two pieces is still seen."""

    def __init__(self) -> None:
        self._pending_escape = ""
        self._pending_carriage_return = False

    def push(self, text: str) -> str:
        data = self._pending_escape + text
        self._pending_escape = ""
        out: list[str] = []
        index = 0
        while index < len(data):
            escape_at = data.find(_ESC, index)
            if escape_at == -1:
                out.append(data[index:])
                break
            out.append(data[index:escape_at])
            end = _scan_escape(data, escape_at)
            if end == _INCOMPLETE:
                self._pending_escape = data[escape_at:]
                break
            index = end
        return self._normalize_newlines("".join(out))

    def flush(self) -> str:
        """Ends the stream: what was held back, cleaned (an unterminated escape is dropped)."""
        self._pending_escape = ""
        tail = "\n" if self._pending_carriage_return else ""
        self._pending_carriage_return = False
        return tail

    def _normalize_newlines(self, text: str) -> str:
        value = "\r" + text if self._pending_carriage_return else text
        self._pending_carriage_return = value.endswith("\r")
        if self._pending_carriage_return:
            value = value[:-1]
        return value.replace("\r\n", "\n").replace("\r", "\n")


def _scan_escape(text: str, start: int) -> int:
    """The index just past the escape sequence at start (text[start] is ESC), or
    _INCOMPLETE when the text ends inside it. For a malformed sequence: the index of its
    first character that is not part of it, so that what was read so far is dropped."""
    limit = min(len(text), start + _MAX_SEQUENCE_LENGTH)

    def ran_out() -> int:
        complete = limit == len(text) and limit - start < _MAX_SEQUENCE_LENGTH
        return _INCOMPLETE if complete else start + 1

    i = start + 1
    if i >= limit:
        return ran_out()
    introducer = ord(text[i])

    if introducer == 0x5B:
        # CSI: ESC [ parameter bytes, intermediate bytes, one final byte.
        i += 1
        while i < limit and 0x30 <= ord(text[i]) <= 0x3F:
            i += 1
        while i < limit and 0x20 <= ord(text[i]) <= 0x2F:
            i += 1
        if i >= limit:
            return ran_out()
        return i + 1 if 0x40 <= ord(text[i]) <= 0x7E else i

    if introducer in (0x5D, 0x50, 0x58, 0x5E, 0x5F):
        # OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \). Another ESC
        # cancels the string and starts a new sequence.
        i += 1
        while i < limit:
            char = text[i]
            if char == _BEL:
                return i + 1
            if char == _ESC:
                if i + 1 >= limit:
                    return ran_out()
                return i + 2 if text[i + 1] == "\\" else i
            i += 1
        return ran_out()

    if 0x20 <= introducer <= 0x2F:
        # nF sequences such as ESC ( B: intermediate bytes, one final byte.
        while i < limit and 0x20 <= ord(text[i]) <= 0x2F:
            i += 1
        if i >= limit:
            return ran_out()
        return i + 1 if 0x30 <= ord(text[i]) <= 0x7E else i

    if 0x30 <= introducer <= 0x7E:
        return i + 1
    return start + 1
