"""The MkDocs plugin ``playbook``: MkDocs events only; the work is in :mod:`playbook_gen.site`."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import generated, mkdocs_settings
from . import site as core
from .addresses import Addresses, HeadingIds
from .buttons import Recording
from .encryption import SiteKey, encrypt_site, site_keys
from .kinds import is_profile_path, replaced_by_pages
from .options import PlaybookConfig, resolve_salesperson, today_of
from .playbook import ProfileCache
from .problems import PlaybookError
from .recording import Endpoint, record_endpoint, with_token
from .serve import allowed_hosts, host_guard, is_loopback

log = get_plugin_logger(__name__)


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.generated: generated.GeneratedSite | None = None
        self.templates_dir: Path | None = None
        self.page_cache: Path | None = None
        self.command = "build"
        self.dirty = False
        self.site_key: SiteKey | None = None
        self.addresses = Addresses()
        self.heading_ids: HeadingIds | None = None
        self.docs_files: list[str] = []
        self.generated_uris: set[str] = set()
        self.endpoint: Endpoint | None = None  # serve on this computer: the buttons' recorder, one token for the run
        self.recording: Recording | None = None
        self.profiles: ProfileCache | None = None  # profiles parsed by earlier builds of this command (serve's rebuilds)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Under `serve`, generated files live in a private temporary folder and are rewritten
        # only when their content changes, so `serve --dirty` rebuilds just the changed pages
        # (MkDocs treats every in-memory file as modified). A build writes nothing outside
        # its site directory, so it keeps the files in memory.
        self.on_shutdown()
        # A command starts afresh. Only serve's rebuilds read the profiles again; a build lets them go once
        # its pages are made (`build --all` hands each build the profiles its parent read, jobs.py).
        self.profiles = ProfileCache() if command == "serve" else None
        self.command = command
        self.dirty = dirty
        if command == "serve":
            self.page_cache = Path(tempfile.mkdtemp(prefix="playbook-gen-serve-"))
        self.endpoint = None

    def on_shutdown(self) -> None:
        if self.page_cache is not None:
            shutil.rmtree(self.page_cache, ignore_errors=True)
            self.page_cache = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Everything is read and rendered here, before MkDocs cleans the site directory,
        # so a bad profile stops the build with the previous site untouched.
        last, self.generated = self.generated, None
        self.site_key = None
        self.addresses = Addresses()
        self.heading_ids = None
        root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        docs_dir = Path(config.docs_dir)
        self.templates_dir = root / self.config.templates_dir
        if (refused := mkdocs_settings.refused_extension(config, where=Path(config.config_file_path or "mkdocs.yml").name)) is not None:
            raise PluginError(str(refused))
        self.recording = self._recording(config)
        try:
            today = today_of(self.config)
            self.generated = core.make_site(
                docs_dir,
                root=root,
                salesperson=resolve_salesperson(self.config.salesperson),
                team=self.config.team,
                today=today,
                templates_dir=self.templates_dir,
                profiles=self.profiles,
                directory_urls=config.use_directory_urls,
                site_url=config.site_url,
                recording=self.recording,
                open_site=lambda site_id: self._open(site_id, site_name=config.site_name),
            )
        except PlaybookError as exc:
            if self.command != "serve":
                raise PluginError(str(exc)) from None
            # Serving: the page shows the problems, and the next good edit brings the playbook back.
            for problem in exc.problems:
                log.error(str(problem))
            previous = [page.src_uri for page in last.pages] if last is not None else []
            self.generated = generated.error_site(exc.problems, site_id="serve", uris=previous, templates_dir=self.templates_dir)
        for problem in self.generated.warnings:
            log.warning(str(problem))
        if config.strict and self.generated.warnings:
            # MkDocs would abort on these only after cleaning the site directory; stop first.
            raise PluginError(f"Aborted with {len(self.generated.warnings)} profile warning(s) in strict mode")
        mkdocs_settings.adjust_config(
            config, generated=self.generated, external_fonts=self.config.external_fonts, own_nav=not self.config.team, addresses=self.addresses
        )
        self.heading_ids = mkdocs_settings.opaque_heading_ids(config, self.addresses) if self.addresses.opaque else None
        return config

    def _recording(self, config: MkDocsConfig) -> Recording | None:
        """How this build's pages record (SPEC §12): serve on a loopback address posts to this process; a build whose
        repository is on GitHub or GitLab opens an issue; the team site and ``record_from_page: false``, not at all."""
        if not self.config.record_from_page or self.config.team:
            return None
        if self.command != "serve":
            return Recording.for_hosted(config.repo_url)
        host, port = config.dev_addr
        if not is_loopback(host):
            log.info(f"serving on {host}: the pages have no record buttons (only serve on this computer, 127.0.0.1, records)")
            return None
        if self.endpoint is None:
            from .cli import run_record  # the command line's record command: only serve on this computer needs it

            config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
            origins = frozenset(f"http://{name}" for name in allowed_hosts(host, port))
            self.endpoint = Endpoint(lambda argv, command: run_record(config_file, argv, command=command), origins=origins)
        return Recording("serve")

    def _open(self, site_id: str, *, site_name: str) -> Addresses:
        """The addresses this build publishes at; with ``encrypt`` on, the build's keys and their opaque addresses.

        Raises PlaybookError for a missing or weak passphrase.
        """
        if not self.config.encrypt:
            return self.addresses
        if self.command == "serve":
            log.info("encrypt is off while serving on this computer; 'build' encrypts")
            return self.addresses
        if self.dirty:
            raise PluginError("plugin option 'encrypt' needs a whole build: every file is encrypted with this build's key; drop --dirty")
        # Derived once per build, before MkDocs touches the site directory: the files' key with a fresh salt.
        keys = site_keys(site_id, site_name=site_name)
        self.site_key = keys.files
        self.addresses = Addresses(keys.addresses)
        return self.addresses

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.generated is not None
        docs_dir = Path(config.docs_dir).resolve()
        for file in list(files):
            if self.config.team and file.src_dir is not None and Path(file.src_dir).resolve() == docs_dir:
                files.remove(file)  # the team site is generated pages only: no profile, no hand-written page
            elif replaced_by_pages(file.src_uri):
                files.remove(file)
        for page in self.generated.pages:
            inclusion = InclusionLevel.NOT_IN_NAV if is_profile_path(page.src_uri) else InclusionLevel.UNDEFINED
            file = self._file(config, page.src_uri, page.markdown.encode("utf-8"), inclusion=inclusion)
            # Encrypted, an edit link would name the profile's file: there is none.
            file.edit_uri = None if self.addresses.opaque else page.edit_uri
            if (dest := self.addresses.dest_uri(page.src_uri, directory_urls=config.use_directory_urls)) is not None:
                file.dest_uri = dest  # set before anything reads the file's URL
            files.append(file)
        self.generated_uris = {page.src_uri for page in self.generated.pages}
        for path, content in self.generated.files.items():
            extra = self._file(config, path, content)
            if extra.is_documentation_page():
                extra.edit_uri = None  # a packaged method page: no file of this repository to edit
            files.append(extra)
        # The hand-written pages' own files (images, downloads) may show personal data: encrypted too.
        self.docs_files = sorted(f.dest_uri for f in files if not f.is_documentation_page() and not f.generated_by and _inside(f, docs_dir))
        return files

    def _file(self, config: MkDocsConfig, src_uri: str, content: bytes, *, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> File:
        if self.page_cache is None:
            return File.generated(config, src_uri, content=content, inclusion=inclusion)
        cached = _write_if_changed(self.page_cache / src_uri, content)
        return File.generated(config, src_uri, abs_src_path=str(cached), inclusion=inclusion)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        if self.templates_dir is not None and self.templates_dir.is_dir():
            server.watch(str(self.templates_dir))
        host, port = config.dev_addr
        app = server.get_app()
        if app is not None:  # LiveReloadServer sets its app when it is made
            if self.endpoint is not None:
                app = record_endpoint(app, self.endpoint)
            server.set_app(host_guard(app, allowed_hosts(host, port)))
        return server

    @event_priority(-100)  # after every other plugin, the search index included, has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site_key is None:
            return
        base = urlsplit(config.site_url).path if config.site_url else None
        try:
            count = encrypt_site(Path(config.site_dir), self.site_key, site_name=config.site_name, extra_files=self.docs_files, absolute_base=base)
        except PlaybookError as exc:
            raise PluginError(str(exc)) from None
        log.info(f"encrypted {count} files")

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.heading_ids is not None:
            self.heading_ids.generated_page = page.file.src_uri in self.generated_uris
        return markdown

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = mkdocs_settings.finish_html(output, site_name=config.site_name)
        if self.recording is not None and self.recording.mode == "serve" and self.endpoint is not None:
            output = with_token(output, self.endpoint.token)  # this serve run's pages, and only they, may record
        return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return mkdocs_settings.finish_html(output_content, site_name=config.site_name) if template_name.endswith(".html") else output_content


def _inside(file: File, docs_dir: Path) -> bool:
    return file.src_dir is not None and Path(file.src_dir).resolve() == docs_dir


def _write_if_changed(path: Path, content: bytes) -> Path:
    """Write a file only when its bytes differ, so its modification time says whether it changed."""
    if not path.is_file() or path.read_bytes() != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return path
