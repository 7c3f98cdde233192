"""ExecStream messages as exec_stream's events, with the text of each chunk made as the
REST stream makes its chunks (src/rest/exec-event-encoder.ts), so that `output` reads
as sandkasten 0.3's did: each stream has its own incremental UTF-8 decoder and
(unless raw_output) its own cleaner, so that a character or an escape sequence split
between two chunks of a stream stays whole."""

from __future__ import annotations

import codecs
from typing import Literal

import sandkasten.v1.exec_pb2 as exec_pb2
from sandkasten._clean_output import OutputCleaner
from sandkasten.exec_results import ExecEvent, ExecOutput, ended_event, started_event

StreamName = Literal["stdout", "stderr"]


class _StreamText:
    def __init__(self, raw_output: bool) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._cleaner = None if raw_output else OutputCleaner()

    def push(self, data: bytes) -> str:
        text = self._decoder.decode(data)
        return self._cleaner.push(text) if self._cleaner else text

    def flush(self) -> str:
        text = self._decoder.decode(b"", final=True)
        return self._cleaner.push(text) + self._cleaner.flush() if self._cleaner else text


class ExecEventReader:
    """Turns one stream's messages into events, in order."""

    def __init__(self, raw_output: bool) -> None:
        self._streams: dict[StreamName, _StreamText] = {
            "stdout": _StreamText(raw_output),
            "stderr": _StreamText(raw_output),
        }

    def events(self, message: exec_pb2.ExecStreamResponse) -> list[ExecEvent]:
        """The events of message: none for a keep-alive; before the end, the text that
        each stream still held back (as ExecOutputs without data)."""
        kind = message.WhichOneof("event")
        if kind == "started":
            return [started_event(message.started)]
        if kind == "output":
            stream: StreamName = (
                "stderr" if message.output.stream == exec_pb2.OUTPUT_STREAM_STDERR else "stdout"
            )
            data = message.output.data
            return [ExecOutput(stream, data, output=self._streams[stream].push(data))]
        if kind == "ended":
            tails: list[ExecEvent] = []
            for name, text in self._streams.items():
                tail = text.flush()
                if tail:
                    tails.append(ExecOutput(name, b"", output=tail))
            return [*tails, ended_event(message.ended)]
        return []
