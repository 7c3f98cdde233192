"""sandkasten 0.3's module of result types, under its name: `from sandkasten.types import ...`."""

from sandkasten.exec_results import ExecChunk, ExecResult
from sandkasten.read_result import ReadResult
from sandkasten.results import SessionInfo, SessionStats, WorkspaceInfo

__all__ = ["ExecChunk", "ExecResult", "ReadResult", "SessionInfo", "SessionStats", "WorkspaceInfo"]
