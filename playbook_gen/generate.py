"""``playbook-gen generate``: one salesperson's site as plain Markdown that plain MkDocs builds.

The output folder holds ``docs/`` (every generated page, the hand-written
pages and files, ``robots.txt``, ``asks.ics``, ``asks.csv`` and the
stylesheet), ``mkdocs.yml`` (the user's configuration as MkDocs resolved it,
with the nav, Markdown extensions and theme settings the plugin would add,
and without the plugin), ``overrides/`` (the theme override that carries the
``noindex`` tag and the empty sitemap) and ``hooks/``.

Edit links: a profile page keeps its path, so MkDocs points its edit link at
the same file as the plugin does. Pages made from no file (the ask plan, the
index pages) must have none, so every generated page states its link in its
front matter (``edit_url``, ``null`` for none). Two things apply it, because
Zensical reads ``mkdocs.yml`` but runs no hook: with Material (on MkDocs or
Zensical) the theme override's ``partials/actions.html`` reads it; with any
other theme on MkDocs the small hook in ``hooks/playbook_edit_links.py`` does.
Nothing else in the tree depends on a hook.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, get_files
from mkdocs.structure.pages import Page as MkDocsPage

from . import generated, mkdocs_settings
from .buttons import SCRIPT as RECORD_SCRIPT
from .buttons import Recording
from .kinds import PROFILE_FOLDERS, replaced_by_pages
from .options import PLUGIN_NAME
from .pages import Page
from .problems import PlaybookError, Problem, display_path
from .project import Project, raw_config
from .site import make_site
from .staging import check_target, staging_dir
from .text import without_bidi

MARKER = "# Written by playbook-gen generate"
OVERRIDES = "overrides"
EDIT_LINKS_HOOK = "hooks/playbook_edit_links.py"
USER_MAIN = "playbook-user-main.html"
PROFILE_NOT_IN_NAV = "\n".join(f"/{folder}/" for folder in PROFILE_FOLDERS)
# The keys whose paths are relative to mkdocs.yml, or that only serve `mkdocs serve`: rewritten or dropped.
REWRITTEN_KEYS = ("docs_dir", "site_dir", "theme", "plugins", "hooks", "watch", "nav", "markdown_extensions", "extra_css", "extra_javascript", "not_in_nav")

ACTIONS_PARTIAL = "partials/actions.html"
TREE_FILES = Path(__file__).resolve().parent / "tree"
"""The files a tree carries besides its pages, each explained in its own first line:
``main.html`` (the noindex tag), ``actions.html`` (Material's page actions, with each page's
own ``edit_url``), ``search.html`` (the search box of the engine that builds the tree) and
the edit-links hook for other themes on MkDocs (stored as ``.txt``: it is a file to copy, not a module)."""


def _tree_file(name: str) -> str:
    return (TREE_FILES / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class GeneratedTree:
    """What ``generate`` wrote."""

    salesperson: str
    out: Path
    pages: int
    warnings: list[Problem]


def generate(project: Project, *, wanted: str | None, out: Path, team: bool = False) -> GeneratedTree:
    """Write one salesperson's site (or, with ``team``, the team site) as ``out/docs``, ``out/mkdocs.yml`` and its theme override."""
    out = out.resolve()
    if any(ch in project.config.site_name for ch in "<>&"):
        # The plugin escapes it in what the theme prints; a tree is built without the plugin, and the theme would not.
        raise PlaybookError(
            [
                Problem(
                    project.display_config,
                    None,
                    "site_name holds <, > or &, which a theme built without the plugin would print as HTML; write it as plain words",
                )
            ]
        )
    if (refused := mkdocs_settings.refused_extension(project.config, where=project.display_config)) is not None:
        raise PlaybookError([refused])
    if project.options.encrypt:
        raise PlaybookError(
            [
                Problem(
                    project.display_config,
                    None,
                    "plugin option 'encrypt' is on, but a generated tree is built without the plugin and would be published unencrypted; "
                    "build with playbook-gen build (or mkdocs build) instead",
                )
            ]
        )
    check_target(out, project=project, looks_like_ours=is_generated_tree)
    generated = make_site(
        project.docs_dir,
        root=project.root,
        salesperson=project.chosen_salesperson(wanted),
        team=team,
        today=project.today(),
        templates_dir=project.templates_dir,
        directory_urls=project.config.use_directory_urls,
        site_url=project.config.site_url,
        recording=Recording.for_hosted(project.config.repo_url) if project.options.record_from_page and not team else None,
    )
    config = project.config
    mkdocs_settings.adjust_config(config, generated=generated, external_fonts=project.options.external_fonts, own_nav=not team)
    raw = raw_config(project.config_file)
    with staging_dir(out) as staging:
        _write_docs(staging / "docs", config=config, generated=generated, handwritten=not team)
        theme = _write_theme(staging / OVERRIDES, raw_theme=raw.get("theme"), root=project.root)
        hooks = _write_hooks(staging, raw_hooks=raw.get("hooks") or [], root=project.root)
        settings = resolved_settings(raw, config=config, theme=theme, hooks=hooks, external_fonts=project.options.external_fonts)
        header = f"{MARKER} from {display_path(project.config_file)} for {generated.salesperson_id}.\n# Edit the profiles and run it again rather than editing these files.\n"
        (staging / "mkdocs.yml").write_text(header + dump_yaml(settings), encoding="utf-8")
    return GeneratedTree(salesperson=generated.salesperson_id, out=out, pages=len(generated.pages), warnings=generated.warnings)


def is_generated_tree(folder: Path) -> bool:
    """An earlier ``generate`` output, which may be replaced."""
    config = folder / "mkdocs.yml"
    try:
        return config.is_file() and config.read_text(encoding="utf-8").startswith(MARKER)
    except (OSError, UnicodeDecodeError):
        return False


# -- docs/ ----------------------------------------------------------------------


def _write_docs(docs: Path, *, config: MkDocsConfig, generated: generated.GeneratedSite, handwritten: bool = True) -> None:
    """The user's pages and files the plugin keeps (none for the team site), then the generated ones over them (as the plugin does)."""
    for file in get_files(config) if handwritten else []:
        if file.inclusion.is_excluded() or replaced_by_pages(file.src_uri) or file.abs_src_path is None:
            continue
        _copy(Path(file.abs_src_path), docs / file.src_uri)
    for page in generated.pages:
        _write(docs / page.src_uri, with_edit_url(page, edit_url=edit_url_of(page, config=config)).encode("utf-8"))
    for path, content in generated.files.items():
        if path.endswith(".md"):  # a packaged method page: no file of the user's repository to edit
            content = with_edit_url(Page(src_uri=path, title="", markdown=content.decode("utf-8")), edit_url=None).encode("utf-8")
        _write(docs / path, content)


def edit_url_of(page: Page, *, config: MkDocsConfig) -> str | None:
    """The edit link MkDocs gives this page under the plugin: the profile file it was made from, or none."""
    file = File(page.src_uri, str(config.docs_dir), str(config.site_dir), config.use_directory_urls)
    file.edit_uri = page.edit_uri
    return MkDocsPage(page.title, file, config).edit_url


def with_edit_url(page: Page, *, edit_url: str | None) -> str:
    """The page's Markdown with ``edit_url`` added to the front matter that sets its title."""
    line = f"edit_url: {json.dumps(edit_url)}\n"
    if page.markdown.startswith("---\n"):
        return "---\n" + line + page.markdown[len("---\n") :]
    return f"---\n{line}---\n\n{page.markdown}"


# -- theme override and hooks ----------------------------------------------------


def _write_theme(overrides: Path, *, raw_theme: Any, root: Path) -> dict[str, Any]:
    """The user's own ``custom_dir`` (if any), the ``noindex`` tag in ``main.html`` and the empty sitemap."""
    theme: dict[str, Any] = {"name": raw_theme} if isinstance(raw_theme, str) else dict(raw_theme or {"name": "mkdocs"})
    overrides.mkdir(parents=True, exist_ok=True)
    if theme.get("custom_dir"):
        shutil.copytree(root / str(theme["custom_dir"]), overrides, dirs_exist_ok=True)
    base = "base.html"
    if (overrides / "main.html").is_file():
        # The user's main.html stays in charge; ours extends it and only adds the tag.
        (overrides / "main.html").rename(overrides / USER_MAIN)
        base = USER_MAIN
    (overrides / "main.html").write_text(_tree_file("main.html").replace("BASE", base).replace("ROBOTS_META", mkdocs_settings.ROBOTS_META), encoding="utf-8")
    shutil.copytree(mkdocs_settings.THEME_DIR, overrides, dirs_exist_ok=True)  # the empty sitemap, the quiet repository link
    if theme.get("name") == "material":
        _name_search_dialog(overrides / mkdocs_settings.SEARCH_PARTIAL)
        if not (overrides / ACTIONS_PARTIAL).is_file():  # a user's own page actions stay in charge
            (overrides / ACTIONS_PARTIAL).write_text(_tree_file("actions.html"), encoding="utf-8")
    theme["custom_dir"] = OVERRIDES
    return theme


def _name_search_dialog(partial: Path) -> None:
    """Material's search partial with the dialog named, as the plugin does; Zensical keeps its own (the user's partial, if any, serves both)."""
    if partial.is_file():
        partial.write_text(mkdocs_settings.with_named_search(partial.read_text(encoding="utf-8")), encoding="utf-8")
        return
    material = Path(str(files("material") / "templates" / mkdocs_settings.SEARCH_PARTIAL)).read_text(encoding="utf-8")
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text(_tree_file("search.html").replace("MATERIAL_SEARCH", mkdocs_settings.with_named_search(material)), encoding="utf-8")


def _write_hooks(out: Path, *, raw_hooks: list[Any], root: Path) -> list[str]:
    """The user's hooks, copied beside the generated config, and the edit-link hook."""
    hooks = []
    for hook in raw_hooks:
        source = root / str(hook)
        relative = f"hooks/{source.name}"
        _copy(source, out / relative)
        hooks.append(relative)
    _write(out / EDIT_LINKS_HOOK, _tree_file("playbook_edit_links.py.txt").encode("utf-8"))
    return [*hooks, EDIT_LINKS_HOOK]


# -- mkdocs.yml --------------------------------------------------------------------


def resolved_settings(raw: dict[str, Any], *, config: MkDocsConfig, theme: dict[str, Any], hooks: list[str], external_fonts: bool) -> dict[str, Any]:
    """The user's settings as MkDocs resolved them, with what the plugin adds, and without the plugin."""
    if config.theme.name == "material":
        theme["features"] = list(config.theme["features"])
        if not external_fonts:
            theme["font"] = False
    settings: dict[str, Any] = {key: value for key, value in raw.items() if key not in REWRITTEN_KEYS}
    settings.update(
        site_name=without_bidi(config.site_name),  # as the plugin prints it: no character that turns text around
        docs_dir="docs",
        site_dir="site",
        theme=theme,
        nav=config.nav,
        markdown_extensions=[{name: config.mdx_configs[name]} if config.mdx_configs.get(name) else name for name in config.markdown_extensions],
        extra_css=[str(css) for css in config.extra_css],
        hooks=hooks,
        # Profiles are reached from their index pages, as the plugin marks them.
        not_in_nav="\n".join(part for part in (str(raw.get("not_in_nav") or "").strip(), PROFILE_NOT_IN_NAV) if part),
    )
    scripts = list(raw.get("extra_javascript") or [])  # as written (an entry may carry its own options)
    if any(str(js) == RECORD_SCRIPT for js in config.extra_javascript) and RECORD_SCRIPT not in scripts:
        scripts.append(RECORD_SCRIPT)
    if scripts:
        settings["extra_javascript"] = scripts
    plugins = _without_playbook(raw.get("plugins"))
    if plugins is not None:
        settings["plugins"] = plugins
    return settings


def _without_playbook(raw_plugins: Any) -> Any:
    if raw_plugins is None:
        return None
    if isinstance(raw_plugins, dict):
        return {name: options for name, options in raw_plugins.items() if name != PLUGIN_NAME}
    return [entry for entry in raw_plugins if entry != PLUGIN_NAME and not (isinstance(entry, dict) and PLUGIN_NAME in entry)]


class _Dumper(yaml.Dumper):
    """PyYAML's full dumper: ``!!python/name`` values in extension options (Material's emoji) survive."""


def _text(dumper: yaml.Dumper, text: str) -> yaml.Node:
    """Text of several lines as a literal block, as a person writes ``not_in_nav``."""
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _text)


def dump_yaml(settings: dict[str, Any]) -> str:
    """``mkdocs.yml`` text, keys in the user's order."""
    return yaml.dump(settings, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)


def _write(destination: Path, content: bytes) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(content)
