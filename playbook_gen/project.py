"""A playbook repository as its ``mkdocs.yml`` describes it: the config, the plugin's options, the profiles.

The command line's view of a repository, loaded with MkDocs' own config
loader so it reads ``mkdocs.yml`` exactly as ``mkdocs build`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import yaml_load

from .book import Book
from .books import load_book
from .ids import id_from_name, is_valid_id
from .options import PLUGIN_NAME, PlaybookConfig, default_options, resolve_salesperson, today_of
from .playbook import Playbook, ProfileCache, load_playbook
from .problems import PlaybookError, Problem, display_path


@dataclass(frozen=True)
class Project:
    """A playbook repository: its ``mkdocs.yml``, loaded and validated by MkDocs."""

    config_file: Path
    config: MkDocsConfig
    options: PlaybookConfig
    has_plugin: bool

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def docs_dir(self) -> Path:
        return Path(self.config.docs_dir)

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)

    @property
    def templates_dir(self) -> Path:
        return self.root / self.options.templates_dir

    @property
    def display_config(self) -> str:
        return display_path(self.config_file)

    def shown(self, path: Path) -> str:
        """A path as problems name it: relative to the repository root, like every profile's path."""
        try:
            return path.absolute().relative_to(self.root).as_posix()
        except ValueError:
            return display_path(path)

    def today(self) -> date:
        """``PLAYBOOK_TODAY``, else the plugin option, else the real date."""
        return today_of(self.options, where=self.display_config)

    def chosen_salesperson(self, wanted: str | None) -> str | None:
        """``--salesperson``, else ``PLAYBOOK_SALESPERSON``, else the plugin option (SPEC §4); None: the only one, if one."""
        return wanted or resolve_salesperson(self.options.salesperson)

    def require_plugin(self) -> None:
        """Building a site needs the plugin; without it MkDocs would publish the raw profiles."""
        if not self.has_plugin:
            line = config_line(self.config_file, "plugins")
            raise PlaybookError([Problem(self.display_config, line, f"the '{PLUGIN_NAME}' plugin is not in 'plugins'; add it to build a playbook")])


def load_project(config_file: Path, **overrides: Any) -> Project:
    """Read ``mkdocs.yml`` with MkDocs' own loader; a missing or broken file is one clear error."""
    config_file = config_file.absolute()
    if not config_file.is_file():
        raise PlaybookError([Problem(display_path(config_file), None, "no such file: run playbook-gen in a playbook repository or give --config")])
    try:
        config = load_config(str(config_file), **overrides)
    except ConfigurationError as exc:
        if isinstance(exc.__context__, yaml.MarkedYAMLError):
            raise PlaybookError([yaml_problem(exc.__context__, fallback=config_file)]) from None
        raise
    plugin = config.plugins.get(PLUGIN_NAME)
    options = plugin.config if plugin is not None else default_options()
    return Project(config_file=config_file, config=config, options=options, has_plugin=plugin is not None)


def yaml_problem(error: yaml.MarkedYAMLError, *, fallback: Path) -> Problem:
    """A YAML syntax error in ``mkdocs.yml`` (or a file it inherits) on one line, at the line where the broken part starts."""
    mark = error.context_mark or error.problem_mark
    path = Path(mark.name) if mark is not None and mark.name and not mark.name.startswith("<") else fallback
    detail = " ".join(part for part in (error.problem, f"({error.context})" if error.context else None) if part)
    return Problem(display_path(path.absolute()), mark.line + 1 if mark is not None else None, f"invalid YAML: {detail}")


def raw_config(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as MkDocs reads it: ``INHERIT`` merged and ``!ENV`` resolved, not yet validated."""
    with config_file.open("rb") as source:
        return yaml_load(source)


def config_line(config_file: str | Path | None, key: str, entry: str | None = None) -> int | None:
    """The line (from 1) where ``mkdocs.yml`` writes a top-level ``key``, or its list or mapping ``entry`` when given.

    Read as YAML nodes, not values, so ``!ENV`` and ``!!python/name`` tags need nothing: None when the file
    does not write it (an ``INHERIT``-ed setting) or cannot be read, and the key's line when it writes the key
    but not the entry.
    """
    if not config_file:
        return None
    try:
        with open(config_file, "rb") as source:
            root = yaml.compose(source, Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    for key_node, value in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value != key:
            continue
        if entry is not None:
            if isinstance(value, yaml.SequenceNode):
                names = value.value
            elif isinstance(value, yaml.MappingNode):
                names = [name for name, _ in value.value]
            else:
                names = []
            for name in names:
                if isinstance(name, yaml.MappingNode) and name.value:  # "- pymdownx.critic: {…}"
                    name = name.value[0][0]
                if isinstance(name, yaml.ScalarNode) and name.value == entry:
                    return int(name.start_mark.line) + 1
        return int(key_node.start_mark.line) + 1
    return None


def salesperson_ids(docs_dir: Path) -> list[str]:
    """Every salesperson file's id, sorted; a file that fails to validate still counts, so its build reports why."""
    folder = docs_dir / "salespeople"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix == ".md" and not p.name.startswith(".") and is_valid_id(p.stem))


def load_repository(project: Project, *, profiles: ProfileCache | None = None) -> Playbook:
    """Every profile of every salesperson, validated; problems are collected, not raised. ``profiles``: see :func:`load_playbook`."""
    return load_playbook(project.docs_dir, root=project.root, profiles=profiles)


def profile_words(project: Project) -> tuple[list[str], list[str]]:
    """Every profile id of the repository (and the id each person's name makes), and every person's name.

    ``verify-encrypted`` looks for them in what an encrypted site leaves in the clear.
    """
    playbook = load_repository(project)
    ids: set[str] = set()
    names: set[str] = set()
    for profiles in (playbook.salespeople, playbook.customers, playbook.contacts, playbook.banks):
        for profile_id, profile in profiles.items():
            ids.add(profile_id)
            name = getattr(profile.data, "name", None)
            if name:
                names.add(name)
                ids.add(id_from_name(name))
    return sorted(i for i in ids if i), sorted(names)


def load_chosen(project: Project, wanted: str | None, *, profiles: ProfileCache | None = None) -> tuple[Playbook, Book]:
    """The repository and the chosen salesperson's view of it; their files' errors are raised here.

    The choice: ``--salesperson``, else ``PLAYBOOK_SALESPERSON``, else the
    plugin option, else the only salesperson (SPEC section 4). ``profiles``: see :func:`load_playbook`.
    """
    return load_book(project.docs_dir, salesperson=project.chosen_salesperson(wanted), today=project.today(), root=project.root, profiles=profiles)
