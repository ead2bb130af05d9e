"""Domain errors. The library raises these; the CLI turns each into one line and an exit code."""

from __future__ import annotations

from pathlib import Path


class IstError(Exception):
    """An error the user can act on: names the file and line where it can."""

    exit_code = 1

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        return where + self.message


class UsageError(IstError):
    """Bad options or no tracker: exit code 2, like a bad command line."""

    exit_code = 2


class NotATracker(UsageError):
    pass
