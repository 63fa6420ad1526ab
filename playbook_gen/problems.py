"""Problems found in a playbook, reported as ``path:line: message``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
_SURROGATE = re.compile("[\ud800-\udfff]")
_ONE_LINE = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at one line when there is one."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return self.render()

    def render(self, *, label: bool = True) -> str:
        """``path:line: message``; ``label`` marks warnings (a logger that prints levels leaves it off)."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        label_text = "warning: " if label and self.severity == "warning" else ""
        # One problem is one line, whatever a file name or a quoted value holds; a file name that
        # is not UTF-8 (undecodable bytes kept as surrogates) is printed with U+FFFD in their place.
        return _SURROGATE.sub("\ufffd", _ONE_LINE.sub(" ", f"{where}: {label_text}{self.message}"))

    def __lt__(self, other: Problem) -> bool:
        return self._order() < other._order()

    def _order(self) -> tuple[str, int, str, str]:
        """By file, then line (a problem of the whole file first), then message."""
        return (self.path, self.line or 0, self.message, self.severity)


class PlaybookError(Exception):
    """The playbook cannot be built; carries every error found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that stop a build."""
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    """The problems that only warn (they fail ``--strict``)."""
    return [p for p in problems if p.severity == "warning"]


def display_path(path: Path) -> str:
    """A path as the user typed it: relative to the working directory when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
