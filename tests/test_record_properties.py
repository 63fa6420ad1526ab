"""Round-trip property (hypothesis): random profiles written every way YAML allows, random sequences of
``record`` events; the lines no event is about stay byte-identical and the playbook stays valid."""

from __future__ import annotations

import difflib
import json
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_gen.edit import record
from playbook_gen.edit.editor import Editor
from playbook_gen.playbook import load_playbook
from playbook_gen.problems import errors

TODAY = date(2026, 12, 7)
# The keys the events write: a removed line must be one of theirs.
EVENT_LINE = re.compile(r"^\s*(-\s*)?(\{\s*)?(last_contact|stage|result|asks|outcomes|importance|satisfaction|met|answered|thanked)\b")

names = st.sampled_from(["Ann Lee", "Zoë Ångström", "O'Neil", "Ren: Ito", "#hash tag", 'Jo "JJ" Ray'])


@st.composite
def quoted(draw: st.DrawFn, value: str) -> str:
    style = draw(st.sampled_from(["double", "single", "plain"]))
    if style == "double" or (style == "plain" and re.search(r"[:#'\"]|^[^A-Za-z]", value)):
        return json.dumps(value, ensure_ascii=draw(st.booleans()))
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return value


@st.composite
def customer_file(draw: st.DrawFn) -> str:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    indent = draw(st.sampled_from(["", "  "]))
    lines = ["---"]
    if draw(st.booleans()):
        lines.append("# a comment at the top")
    lines.append(f"name: {draw(quoted(draw(names)))}" + draw(st.sampled_from(["", "   # trailing comment"])))
    if draw(st.booleans()):
        lines.append(f"last_contact: {draw(st.dates(date(2025, 1, 1), date(2026, 12, 6))).isoformat()}")
    if draw(st.booleans()):
        lines.append("")
    lines += ["their: [accountant]"] if draw(st.booleans()) else ["their:", f"{indent}- accountant"]
    style = draw(st.sampled_from(["flow", "block", "empty", "none"]))
    asked = draw(st.dates(date(2026, 1, 1), date(2026, 6, 1))).isoformat()
    if style == "flow":
        lines.append(f"asks: [{{contact: dana, date: {asked}, result: declined}}]")
    elif style == "block":
        lines += ["asks:", f"{indent}- contact: dana", f"{indent}  date: {asked}", f"{indent}  result: declined"]
    elif style == "empty":
        lines.append("asks: []")
    lines += ["knows:", f"{indent}- contact: dana", f"{indent}  strength: 4", f"{indent}  how: {draw(quoted('Rowing, Tuesdays'))}"]
    if draw(st.booleans()):
        lines.append("# a comment at the end")
    lines.append("---")
    body = draw(st.sampled_from(["", "Notes.", "Notes   with spaces   ", "- a list\n\n```\ncode\n```"]))
    return nl.join(lines) + nl + body.replace("\n", nl) + (nl if draw(st.booleans()) else "")


events = st.lists(st.sampled_from(["ask-contact", "ask-role", "answer", "thanked", "contacted", "stage", "outcome"]), min_size=1, max_size=5)


def run(editor: Editor, event: str, on: date) -> None:
    if event == "ask-contact":
        record.record_ask(editor, "ann", contact_id="dana", role=None, on=on, force=True)
    elif event == "ask-role":
        record.record_ask(editor, "ann", contact_id=None, role="accountant", on=on, force=True)
    elif event == "answer":
        record.record_answer(editor, "ann", contact_id="dana", role=None, result="introduced", on=on, new_contact=None)
    elif event == "thanked":
        record.record_thanked(editor, "ann", contact_id="dana", role=None, on=on)
    elif event == "contacted":
        record.record_contacted(editor, "ann", on=on)
    elif event == "stage":
        record.record_stage(editor, "dana", stage="first-conversation", on=on)
    else:
        record.record_outcome(editor, "dana", statement="Know the cash", importance=9, satisfaction=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=customer_file(), sequence=events)
def test_record_events_touch_only_their_lines(tmp_path_factory, text: str, sequence: list[str]) -> None:
    root = tmp_path_factory.mktemp("prop")
    (root / "docs/salespeople").mkdir(parents=True)
    (root / "docs/customers").mkdir()
    (root / "docs/contacts").mkdir()
    (root / "docs/salespeople/maya.md").write_text("---\nname: Maya\noffer: help\n---\n", encoding="utf-8")
    (root / "docs/contacts/dana.md").write_bytes(b"---\r\nname: Dana Ruiz  # CRLF file\r\n---\r\nNotes\r\n")
    customer = root / "docs/customers/ann.md"
    customer.write_bytes(text.encode("utf-8"))
    assert errors(load_playbook(root / "docs", root=root).problems) == [], text
    originals = {path: path.read_bytes() for path in (customer, root / "docs/contacts/dana.md")}
    for index, event in enumerate(sequence):
        editor = Editor(load_playbook(root / "docs", root=root), root=root, today=TODAY)
        try:
            run(editor, event, TODAY + timedelta(days=index))
        except Exception as exc:  # a refusal of an event that does not apply (no pending ask yet): nothing changes
            assert type(exc).__name__ == "PlaybookError", exc
            continue
        editor.apply(dry_run=False)
    assert errors(load_playbook(root / "docs", root=root).problems) == []
    for path, before in originals.items():
        after = path.read_bytes()
        newline = b"\r\n" if before.split(b"\n", 1)[0].endswith(b"\r") else b"\n"
        assert after.count(b"\n") == after.count(newline), "one line-end style, the file's own"
        old, new = before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True)
        removed = [line for line in difflib.ndiff(old, new) if line.startswith("- ")]
        assert all(EVENT_LINE.match(line[2:]) for line in removed), (text, sequence, removed)
        body_before = before.decode().split("---", 2)[2]
        assert after.decode().endswith(body_before), "the body stays byte-identical"
