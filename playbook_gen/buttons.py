"""The buttons and forms that record from the page (SPEC §12), beside the commands the pages print.

A page's controls carry the exact command of :mod:`playbook_gen.commands` the page
shows beside them (a form carries the start of its command, and the page's script
adds each field quoted as :func:`shlex.quote` quotes it). Two ways to send it:

* ``serve`` on a loopback address: the script posts the command to the serve
  process, which runs it as ``playbook-gen record`` runs it
  (:mod:`playbook_gen.recording`);
* a hosted playbook whose repository is on GitHub or GitLab: the control opens a
  prefilled new issue holding the command, ``--date`` the day it was clicked, and the
  repository's workflow applies it.

Without either there are no controls, and no script: a built site carries them only
when its repository can apply an issue. The controls are ``hidden`` until the script
shows them, so a page without the script shows no dead button.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from html import escape
from typing import Literal

from markupsafe import Markup

from .commands import (
    RECORD_TITLE,
    UNDATED_EVENTS,
    gitlab_issue_description,
    issue_body,
    new_issue_url,
    record_answer_command,
    record_form_command,
    record_stage_command,
)
from .method import STAGE_LABELS
from .render import html_attr, packaged_templates_dir

SCRIPT = "assets/playbook-record.js"
"""The script that sends a control's command, added to a site that has controls."""
ANSWERS = (("checking", "Checking first"), ("introduced", "Introduced"), ("declined", "Declined"), ("no-answer", "No answer"))
"""The four answers to an open ask, as its buttons name them."""
LABELS = {"ask": "I asked", "thanked": "Thanked", "contacted": "We talked"}
"""The button of a command that has one."""


@dataclass(frozen=True)
class Recording:
    """How a site's controls send their command: ``serve`` posts it to this computer; ``issue`` opens a new issue at ``new_issue``."""

    mode: Literal["serve", "issue"]
    new_issue: str | None = None  # the prefilled new-issue address, {title} {command} {body} to fill (commands.new_issue_url)
    gitlab: bool = False

    @classmethod
    def for_hosted(cls, repo_url: str | None) -> Recording | None:
        """The issue controls of a built site whose repository (``repo_url``) is on github.com or gitlab.com; else none."""
        address = new_issue_url(repo_url)
        if address is None:
            return None
        return cls("issue", new_issue=address, gitlab="gitlab.com" in address.split("/")[2])

    def attributes(self) -> str:
        """The data attributes every control group carries: how to send."""
        attrs = f' data-mode="{self.mode}"'
        if self.new_issue is not None:
            body = gitlab_issue_description("{command}") if self.gitlab else issue_body("{command}")
            attrs += f' data-new-issue="{_attr(self.new_issue)}" data-issue-title="{_attr(RECORD_TITLE)}" data-issue-body="{_attr(body)}"'
        return attrs


def _attr(value: str) -> str:
    """A double-quoted attribute's value on the one line of a raw HTML block (line breaks as references too)."""
    return str(html_attr(value)).replace("\r", "&#13;").replace("\n", "&#10;")


def script() -> bytes:
    """The page script (``templates/assets/playbook-record.js`` of the package)."""
    return (packaged_templates_dir() / SCRIPT).read_bytes()


def _dated(command: str) -> str:
    """``data-dated`` when the command takes ``--date`` (a hosted playbook's issue gives the day it was clicked)."""
    words = shlex.split(command)
    return "" if len(words) > 2 and words[2] in UNDATED_EVENTS else " data-dated"


def _button(label: str, command: str) -> str:
    return f'<button type="button" class="md-button playbook-record__button" data-command="{_attr(command)}"{_dated(command)}>{escape(label)}</button>'


def _group(recording: Recording, inner: str, *, label: str) -> Markup:
    # Inline HTML only, on one line: Markdown keeps it whole in a paragraph of its own, inside a list item or an
    # admonition too (where a block of raw HTML is not recognised).
    return Markup(
        f'<span class="playbook-record" role="group" aria-label="{_attr(label)}"{recording.attributes()} hidden>{inner}'
        '<span class="playbook-record__result" role="status" aria-live="polite"></span></span>'
    )


def controls(recording: Recording | None, command: str) -> Markup:
    """The buttons for a command the page prints: "I asked" for an ask, the four answers for an open ask, "Thanked", "We talked"."""
    if recording is None:
        return Markup("")
    words = shlex.split(command)
    event = words[2] if len(words) > 2 and words[1] == "record" else ""
    if event == "answer":
        connector, how, person = words[3], words[4], words[5]
        contact, role = (person, None) if how == "--contact" else (None, person)
        buttons = "".join(_button(label, record_answer_command(connector, contact_id=contact, role=role, result=result)) for result, label in ANSWERS)
        return _group(recording, buttons, label="Record the answer")
    if event in LABELS:
        return _group(recording, _button(LABELS[event], command), label="Record it")
    if event == "stage" and words[-1] == "first-conversation":
        return _group(recording, _button("First conversation held", command), label="Record it")
    return Markup("")


def _field(name: str, label: str, control: str, *, wide: bool = False) -> str:
    """A labelled field; its id is the form's own (a page has one form of each kind)."""
    css = "playbook-record__field" + (" playbook-record__field--wide" if wide else "")
    return f'<span class="{css}"><label for="playbook-record-{name}">{escape(label)}</label>{control}</span>'


def _form(recording: Recording, command: str, fields: str, *, submit: str, label: str) -> Markup:
    # A block of raw HTML: a form is only ever placed at the start of a line, outside lists and admonitions.
    return Markup(
        f'<form class="playbook-record playbook-record--form" aria-label="{_attr(label)}" data-command="{_attr(command)}"'
        f"{_dated(command)}{recording.attributes()} hidden>{fields}"
        f'<button type="submit" class="md-button playbook-record__button">{escape(submit)}</button>'
        '<span class="playbook-record__result" role="status" aria-live="polite"></span></form>'
    )


def stage_form(recording: Recording | None, contact_id: str, *, stages: dict[str, str], current: str) -> Markup:
    """A select of every stage (the current one chosen) and its button."""
    if recording is None:
        return Markup("")
    options = "".join(f'<option value="{_attr(value)}"{" selected" if value == current else ""}>{escape(label)}</option>' for value, label in stages.items())
    fields = _field("stage", "Stage", f'<select id="playbook-record-stage" name="stage">{options}</select>')
    return _form(recording, record_form_command("stage", contact_id), fields, submit="Record the stage", label="Record the stage")


def first_conversation(recording: Recording | None, contact_id: str) -> Markup:
    """The button that records the first conversation (stage ``first-conversation``, and ``met``)."""
    return controls(recording, record_stage_command(contact_id, "first-conversation"))


def outcome_form(recording: Recording | None, contact_id: str) -> Markup:
    """The statement of an outcome, its importance and its satisfaction (1-10 each), and the button."""
    if recording is None:
        return Markup("")
    number = 'type="number" min="1" max="10" step="1" inputmode="numeric" required'
    fields = (
        _field(
            "statement",
            "Outcome they want",
            '<input id="playbook-record-statement" type="text" name="statement" required maxlength="300" autocomplete="off">',
            wide=True,
        )
        + _field("importance", "Importance (1-10)", f'<input id="playbook-record-importance" name="importance" data-option="--importance" {number}>')
        + _field("satisfaction", "Satisfaction (1-10)", f'<input id="playbook-record-satisfaction" name="satisfaction" data-option="--satisfaction" {number}>')
    )
    return _form(recording, record_form_command("outcome", contact_id), fields, submit="Record the outcome", label="Record an outcome")


def gave_form(recording: Recording | None, customer_id: str) -> Markup:
    """What you did for a connector, and the button."""
    if recording is None:
        return Markup("")
    fields = _field(
        "what", "What you did for them", '<input id="playbook-record-what" type="text" name="what" required maxlength="300" autocomplete="off">', wide=True
    )
    return _form(recording, record_form_command("gave", customer_id), fields, submit="Record it", label="Record what you gave")


@dataclass(frozen=True)
class Controls:
    """The controls of one site, as its templates call them (``recorder``).

    Each returns nothing on a site without controls, else a blank line and the control's one line of HTML,
    indented by ``indent`` (inside an admonition or a list item), to follow the command block it belongs to.
    """

    recording: Recording | None = None

    def buttons(self, command: str, indent: int = 0) -> Markup:
        return _below(controls(self.recording, command), indent)

    def stage(self, contact_id: str, current: str, indent: int = 0) -> Markup:
        return _below(stage_form(self.recording, contact_id, stages=STAGE_LABELS, current=current), indent)

    def first_conversation(self, contact_id: str, indent: int = 0) -> Markup:
        return _below(first_conversation(self.recording, contact_id), indent)

    def outcome(self, contact_id: str, indent: int = 0) -> Markup:
        return _below(outcome_form(self.recording, contact_id), indent)

    def gave(self, customer_id: str, indent: int = 0) -> Markup:
        return _below(gave_form(self.recording, customer_id), indent)


def _below(control: Markup, indent: int) -> Markup:
    return Markup("\n\n" + " " * indent) + control if control else Markup("")


__all__ = ["SCRIPT", "Controls", "Recording", "controls", "first_conversation", "gave_form", "outcome_form", "script", "stage_form"]
