"""The engineering manual's map of the code (manual/docs/architecture.md) is true of the code.

Every module of ``playbook_gen`` is on the map; every import — at the top, inside
a function or under ``TYPE_CHECKING`` — goes to the module's own layer or an
earlier one; and the import graph has no cycle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "playbook_gen"
MAP = REPO / "manual/docs/architecture.md"


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name inside it (``edit.record``), the package itself left out."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules ``name`` imports, wherever in the file the import stands."""
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and node.module.startswith("playbook_gen."):
                target = node.module.removeprefix("playbook_gen.")
            else:
                continue
            candidates = [target, *(f"{target}.{alias.name}" if target else alias.name for alias in node.names)]
            found |= {c for c in candidates if c in known}
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("playbook_gen.") for a in node.names if a.name.removeprefix("playbook_gen.") in known}
    return found - {name}


def layers() -> dict[str, int]:
    """Each module's layer, as the map's table gives it."""
    rows = re.findall(r"^\| (\d+)\. [a-z]+ \| `([\w.]+)` \|", MAP.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {module: int(layer) for layer, module in rows}


def test_every_module_is_on_the_map_once() -> None:
    on_map = re.findall(r"^\| \d+\. [a-z]+ \| `([\w.]+)` \|", MAP.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(on_map) == len(set(on_map))
    assert sorted(on_map) == sorted(modules())


def test_every_import_goes_to_the_same_layer_or_an_earlier_one() -> None:
    found, layer = modules(), layers()
    assert len(layer) > 40  # the table was read
    backwards = [
        f"{name} (layer {layer[name]}) imports {target} (layer {layer[target]})"
        for name, path in found.items()
        for target in sorted(imports_of(name, path, set(found)))
        if layer[target] > layer[name]
    ]
    assert backwards == []


def test_the_import_graph_has_no_cycle() -> None:
    found = modules()
    graph = {name: imports_of(name, path, set(found)) for name, path in found.items()}
    assert sum(len(targets) for targets in graph.values()) > 100  # the imports were read
    done: set[str] = set()
    cycles = []

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycles.append(" -> ".join([*trail[trail.index(name) :], name]))
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []


def test_a_cycle_or_a_backward_import_would_be_seen(tmp_path: Path) -> None:
    """The graph reader finds a function-local import under TYPE_CHECKING, as the old book.py had."""
    source = tmp_path / "book.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .team import Team\n\ndef f():\n    from .state import contact_state\n",
        encoding="utf-8",
    )
    assert imports_of("book", source, {"book", "team", "state"}) == {"team", "state"}
