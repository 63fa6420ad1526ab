"""``playbook-gen check``: every problem of every profile, and how many profiles were read."""

from __future__ import annotations

from dataclasses import dataclass

from .books import NO_SALESPERSON
from .problems import Problem
from .project import Project, load_repository, salesperson_ids


@dataclass(frozen=True)
class CheckReport:
    """Every problem of every profile, and how many profile files were read."""

    problems: list[Problem]
    profiles: int


def check_playbook(project: Project) -> CheckReport:
    """Validate every profile of every salesperson; a repository without a salesperson is an error too."""
    playbook = load_repository(project)
    problems = list(playbook.problems)
    if not salesperson_ids(project.docs_dir):
        problems.append(Problem(project.shown(project.docs_dir / "salespeople"), None, NO_SALESPERSON))
    read = len(playbook.salespeople) + len(playbook.customers) + len(playbook.contacts) + len(playbook.banks) + len(playbook.broken_owners)
    return CheckReport(problems=sorted(problems), profiles=read)
