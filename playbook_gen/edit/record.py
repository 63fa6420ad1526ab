"""What happened, written down: ``record``, ``forget`` and ``rename`` (SPEC §8).

Each command opens the profiles it changes through :class:`~.editor.Editor`,
which refuses a file with an error of its own; the changes are validated with
the whole playbook (the loader ``check`` uses) before anything is written, and
written all together or not at all.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from ..books import ask_makers
from ..commands import record_answer_command, record_ask_command
from ..forgotten import Forgotten
from ..ids import free_id, id_from_name, is_valid_id
from ..kinds import BY_NAME, reserved_ids, reserved_reason
from ..method import THANK_YOU_BY_OCCASION, THANK_YOUS, due_thank_you, introduction_date, is_open, same_text, thank_you_start, thanked_on
from ..model import CLOSED_STAGES, OPEN_RESULTS, STAGES, Contact, Customer, PastAsk
from ..plan import ask_refusal
from ..playbook import Profile
from ..problems import PlaybookError, Problem, errors
from .editor import Editor, not_edited
from .frontmatter import FrontMatterDocument, iter_entries, keys_before, new_entry

INTRODUCED_AT = STAGES.index("introduced")


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _who(contact: str | None, role: str | None) -> str:
    return contact if contact is not None else f"their {role}"


# -- the editor ---------------------------------------------------------------------


def _refused(where: Profile[Any], key: str, rule: str) -> PlaybookError:
    return PlaybookError([Problem(where.source.display_path, where.source.line_of((key,)), f"refused: {rule}; --force records it anyway")])


def _touch_last_contact(editor: Editor, connector: Profile[Customer], on: date) -> None:
    """``last_contact`` moves to ``on``, never back to an earlier day."""
    document = editor.document(connector)
    current = _date(document.data.get("last_contact"))
    if current is None or current < on:
        document.set("last_contact", on, after=keys_before(Customer, "last_contact"))
        document.changes.append(f"last_contact {on.isoformat()}")


def _set_stage(editor: Editor, contact: Profile[Contact], stage: str) -> None:
    document = editor.document(contact)
    current = str(document.data.get("stage", "not-asked"))
    if current != stage:
        document.set("stage", stage, after=keys_before(Contact, "stage"))
        document.changes.append(f"stage {current} \u2192 {stage}")


def _matching_asks(document: FrontMatterDocument, *, contact: str | None, role: str | None) -> list[tuple[int, Any]]:
    found = []
    for index, entry in iter_entries(document.data.get("asks")):
        by_contact = contact is not None and entry.get("contact") == contact
        by_role = role is not None and same_text(str(entry.get("role")) if entry.get("role") is not None else None, role)
        if by_contact or by_role:
            found.append((index, entry))
    return found


def _latest(entries: list[tuple[int, Any]]) -> tuple[int, Any] | None:
    return max(entries, key=lambda item: (_date(item[1].get("date")) or date.min, item[0]), default=None)


# -- record ---------------------------------------------------------------------------


def record_ask(
    editor: Editor,
    connector_id: str,
    *,
    contact_id: str | None,
    role: str | None,
    on: date,
    force: bool,
    salesperson: str | None = None,
    chosen: str | None = None,
) -> None:
    """One ask, for one person: appended to the connector's ``asks``; the contact moves to ``asked``.

    When the connector and the person are shared by several salespeople, the files alone cannot tell
    who asked: the ask then records ``by``: ``salesperson`` (``--salesperson``), else ``chosen`` (the
    playbook's salesperson: ``PLAYBOOK_SALESPERSON`` or the plugin option) when they are one of them.
    """
    connector = editor.customer(connector_id)
    target = editor.contact(contact_id) if contact_id is not None else None
    by = _asker(editor, connector, target, role=role, salesperson=salesperson, chosen=chosen)
    book = editor.book_for(by) if by is not None else editor.book_of(connector, *(p for p in (target,) if p is not None))
    if target is not None and target.id not in book.targets:
        raise PlaybookError(
            [
                Problem(
                    target.source.display_path,
                    target.source.line_of(()),
                    f"{target.data.name} and {connector.data.name} have no salesperson in common; an ask names a contact of the connector's owner",
                )
            ]
        )
    rule = ask_refusal(book, connector.id, contact_id=contact_id, role=role, on=on)
    if rule is not None and not force:
        key = "do_not_ask" if connector.data.do_not_ask else "asks"
        raise _refused(connector, key, rule)
    document = editor.document(connector)
    person = {"contact": contact_id} if contact_id is not None else {"role": role}
    entry = {**person, "date": on, "result": "pending"} | ({"by": by} if by is not None else {})
    document.items("asks", after=keys_before(Customer, "asks")).append(new_entry(entry))
    document.changes.append(f"asks + {_who(contact_id, role)}, pending, {on.isoformat()}")
    _touch_last_contact(editor, connector, on)
    if target is not None and target.data.stage == "not-asked":
        _set_stage(editor, target, "asked")


def _asker(editor: Editor, connector: Any, target: Any, *, role: str | None, salesperson: str | None, chosen: str | None) -> str | None:
    """Who makes this ask, when several salespeople could have (None: the files tell, nothing to write)."""
    playbook = editor.playbook
    owners = playbook.owners_of(connector)
    if len(owners) < 2:
        return None
    probe = PastAsk(contact=target.id if target is not None else None, role=role, date=editor.today)
    could = ask_makers(playbook, connector, probe)
    if salesperson is not None:
        if salesperson not in owners:
            raise PlaybookError(
                [
                    Problem(
                        connector.source.display_path,
                        connector.source.line_of(("owner",)),
                        f"--salesperson {salesperson}: not one of {connector.data.name}'s owners ({', '.join(owners)})",
                    )
                ]
            )
        return salesperson
    if len(could) < 2:
        return None
    if chosen in could:
        return chosen
    raise PlaybookError(
        [
            Problem(
                connector.source.display_path,
                connector.source.line_of(("owner",)),
                f"{connector.data.name} and {_who(probe.contact, role)} are shared by {', '.join(could)}: say who asks with --salesperson ID",
            )
        ]
    )


def record_answer(editor: Editor, connector_id: str, *, contact_id: str | None, role: str | None, result: str, on: date, new_contact: str | None) -> None:
    """The answer to the connector's latest open ask (pending or checking) for that person.

    ``checking`` keeps the ask open (the connector asks the person first) and starts its follow-up
    again from this answer; the others end it and set ``answered``. Every answer is a contact with
    the connector (``last_contact``). An answer dated before its ask is refused.
    """
    connector = editor.customer(connector_id)
    target = editor.contact(contact_id) if contact_id is not None else None
    if new_contact is not None and (role is None or result != "introduced"):
        raise PlaybookError(
            [
                Problem(
                    connector.source.display_path, None, "--new-contact goes with --role and 'introduced': it writes the profile of the role-person introduced"
                )
            ]
        )
    document = editor.document(connector)
    open_entries = [(i, e) for i, e in _matching_asks(document, contact=contact_id, role=role) if str(e.get("result", "pending")) in OPEN_RESULTS]
    latest = _latest(open_entries)
    if latest is None:
        command = record_ask_command(connector.id, contact_id=contact_id, role=role)
        raise PlaybookError(
            [
                Problem(
                    connector.source.display_path,
                    connector.source.line_of(("asks",)) if connector.data.asks else connector.source.line_of(()),
                    f"no open ask of {connector.data.name} for {_who(contact_id, role)}; record the ask first: {command}",
                )
            ]
        )
    index, entry = latest
    asked = connector.data.asks[index]
    if on < asked.date:
        raise _backwards(connector, ("asks", index, "date"), f"an answer on {on.isoformat()} would come before the ask itself ({asked.date.isoformat()})")
    before = str(entry.get("result", "pending"))
    entry["result"] = result
    if result in OPEN_RESULTS:
        document.changes.append(f"asks: {_who(contact_id, role)} {before} \u2192 {result} (asking them first), {on.isoformat()}")
    else:
        entry["answered"] = on
        document.changes.append(f"asks: {_who(contact_id, role)} {before} \u2192 {result}, answered {on.isoformat()}")
    _touch_last_contact(editor, connector, on)
    if target is not None:
        stage = target.data.stage
        if result == "introduced" and STAGES.index(stage) < INTRODUCED_AT:
            _set_stage(editor, target, "introduced")
        elif result in ("declined", "no-answer") and stage == "asked" and not _open_elsewhere(editor, target.id, besides=connector.id):
            # Nobody is asking for them any more: the plan may try another connector.
            _set_stage(editor, target, "not-asked")
    if new_contact is not None:
        _introduced_role_person(editor, connector, role=role or "", name=new_contact)


def _backwards(where: Profile[Any], key: tuple[Any, ...], what: str) -> PlaybookError:
    """A date that would run an ask's dates backwards: refused, ``--force`` or not (SPEC §8)."""
    return PlaybookError([Problem(where.source.display_path, where.source.line_of(key), f"refused: {what}; dates never run backwards (check --date)")])


def _open_elsewhere(editor: Editor, contact_id: str, *, besides: str) -> bool:
    return any(
        ask.contact == contact_id and is_open(ask) for cid, customer in editor.playbook.customers.items() if cid != besides for ask in customer.data.asks
    )


def _introduced_role_person(editor: Editor, connector: Profile[Customer], *, role: str, name: str) -> None:
    """The introduced role-person's contact profile: known by the connector, at stage ``introduced``.

    What it says about the introduction is data, not prose: ``known_by`` names the connector by id
    (the pages show their name from their own profile, as text) and ``how`` holds the role. No text
    of the connector's profile is written into this one's notes, where Markdown would become links
    and markup and a ``<!-- private -->`` inside a name would cut the notes short.
    """
    base = id_from_name(name)
    if not base:
        raise PlaybookError([Problem("docs/contacts", None, f"cannot make an id from the name {name!r}")])
    folder = editor.playbook.docs_dir / "contacts"
    on_disk = {path.stem for path in folder.glob("*.md")} if not folder.is_symlink() else set()  # broken profiles too
    profile_id = free_id(base, set(editor.playbook.contacts) | on_disk, reserved=reserved_ids("contacts"))
    data: dict[str, Any] = {"name": " ".join(name.split()), "role": role}
    owner = connector.data.owner
    if owner is not None:
        data["owner"] = owner if isinstance(owner, str) else list(owner)
    data.update({"stage": "introduced", "known_by": [{"customer": connector.id, "how": f"their {' '.join(role.split())}"}]})
    editor.create("contacts", profile_id, data, summary=f"new contact, introduced by {connector.id}")


def _introduced_on(editor: Editor, contact_id: str) -> date | None:
    """The day of the latest introduction recorded for a contact (its ``answered``), if any."""
    days = [
        introduction_date(ask)
        for customer in editor.playbook.customers.values()
        for ask in customer.data.asks
        if ask.contact == contact_id and ask.result == "introduced"
    ]
    return max(days, default=None)


def record_stage(editor: Editor, contact_id: str, *, stage: str, on: date) -> None:
    """The contact's stage; the first conversation also sets ``met``, an outcome ``closed``, each when empty.

    A ``met`` before the introduction, or a ``closed`` before the first conversation or the
    introduction, would run the dates backwards: refused.
    """
    target = editor.contact(contact_id)
    document = editor.document(target)
    introduced = _introduced_on(editor, contact_id)
    sets_met = stage == "first-conversation" and document.data.get("met") is None
    sets_closed = stage in CLOSED_STAGES and document.data.get("closed") is None
    if sets_met and introduced is not None and on < introduced:
        raise _backwards(target, ("stage",), f"a first conversation on {on.isoformat()} would come before the introduction ({introduced.isoformat()})")
    floor = max((day for day in (introduced, target.data.met) if day is not None), default=None)
    if sets_closed and floor is not None and on < floor:
        raise _backwards(
            target, ("stage",), f"an outcome on {on.isoformat()} would come before the introduction or the first conversation ({floor.isoformat()})"
        )
    _set_stage(editor, target, stage)
    if sets_met:
        document.set("met", on, after=keys_before(Contact, "met"))
        document.changes.append(f"met {on.isoformat()}")
    if sets_closed:
        document.set("closed", on, after=keys_before(Contact, "closed"))
        document.changes.append(f"closed {on.isoformat()}")


def record_thanked(editor: Editor, connector_id: str, *, contact_id: str | None, role: str | None, on: date, occasion: str | None = None) -> None:
    """One of the three thank-yous of an introduction (SPEC §1.7): the one that is due, or the one named.

    A thank-you already recorded is never overwritten (refused, naming its date); one whose
    event has not happened yet, or dated before it, is refused. It is a contact with the
    connector (``last_contact``).
    """
    connector = editor.customer(connector_id)
    target = editor.contact(contact_id) if contact_id is not None else None
    document = editor.document(connector)
    introduced = [(i, e) for i, e in _matching_asks(document, contact=contact_id, role=role) if str(e.get("result")) == "introduced"]
    latest = _latest(introduced)
    if latest is None:
        raise PlaybookError(
            [
                Problem(
                    connector.source.display_path,
                    connector.source.line_of(("asks",)) if connector.data.asks else connector.source.line_of(()),
                    f"{connector.data.name} made no introduction to {_who(contact_id, role)} yet; record it first: "
                    f"{record_answer_command(connector.id, contact_id=contact_id, role=role)}",
                )
            ]
        )
    index, entry = latest
    ask = connector.data.asks[index]
    contact = target.data if target is not None else None
    where = ("asks", index)
    if occasion is None:
        thanks = due_thank_you(ask, contact)
        if thanks is None:
            recorded = [f"{t.label} on {day.isoformat()}" for t in THANK_YOUS if (day := thanked_on(t, ask)) is not None]
            waiting = next((t for t in THANK_YOUS if thank_you_start(t, ask, contact) is None), None)
            then = f"; the next is due after {waiting.starts}" if waiting is not None and (contact is not None or waiting.occasion == "introduction") else ""
            raise PlaybookError(
                [
                    Problem(
                        connector.source.display_path,
                        connector.source.line_of(where),
                        f"refused: no thank-you is due: {connector.data.name} was thanked {', '.join(recorded)}{then}",
                    )
                ]
            )
    else:
        thanks = THANK_YOU_BY_OCCASION[occasion]
        day = thanked_on(thanks, ask)
        if day is not None:
            raise PlaybookError(
                [
                    Problem(
                        connector.source.display_path,
                        connector.source.line_of((*where, thanks.key)),
                        f"refused: {connector.data.name} was already thanked {thanks.label} on {day.isoformat()}; a thank-you is never overwritten",
                    )
                ]
            )
        if thank_you_start(thanks, ask, contact) is None:
            raise PlaybookError(
                [
                    Problem(
                        connector.source.display_path,
                        connector.source.line_of(where),
                        f"refused: nothing to thank {connector.data.name} for {thanks.label} yet: record {thanks.starts} first",
                    )
                ]
            )
    start = thank_you_start(thanks, ask, contact)
    if start is not None and on < start:
        raise _backwards(connector, where, f"a thank-you on {on.isoformat()} would come before {thanks.starts} ({start.isoformat()})")
    entry[thanks.key] = on
    document.changes.append(f"asks: {_who(contact_id, role)} {thanks.key} {on.isoformat()}")
    _touch_last_contact(editor, connector, on)


def record_gave(editor: Editor, connector_id: str, *, what: str, on: date) -> None:
    """Something you did for a connector: appended to their ``gave``; a contact with them (``last_contact``)."""
    connector = editor.customer(connector_id)
    text = " ".join(what.split())
    if not text:
        raise PlaybookError([Problem(connector.source.display_path, None, 'say what you did for them, e.g. "introduced her to a freight broker"')])
    document = editor.document(connector)
    document.items("gave", after=keys_before(Customer, "gave")).append(new_entry({"date": on, "what": text}))
    document.changes.append(f"gave + {on.isoformat()}, {text}")
    _touch_last_contact(editor, connector, on)


def record_outcome(editor: Editor, contact_id: str, *, statement: str, importance: int, satisfaction: int) -> None:
    """Adds the outcome, or updates the one with the same statement (case ignored)."""
    target = editor.contact(contact_id)
    document = editor.document(target)
    text = " ".join(statement.split())
    for _, entry in iter_entries(document.data.get("outcomes")):
        if str(entry.get("statement", "")).strip().casefold() == text.casefold():
            entry["importance"] = importance
            entry["satisfaction"] = satisfaction
            document.changes.append(f"outcomes: {entry.get('statement')} importance {importance}, satisfaction {satisfaction}")
            return
    document.items("outcomes", after=keys_before(Contact, "outcomes")).append(
        new_entry({"statement": text, "importance": importance, "satisfaction": satisfaction})
    )
    document.changes.append(f"outcomes + {text}, importance {importance}, satisfaction {satisfaction}")


def record_contacted(editor: Editor, customer_id: str, *, on: date) -> None:
    """The customer's ``last_contact``."""
    _touch_last_contact(editor, editor.customer(customer_id), on)


# -- forget and rename --------------------------------------------------------------------


def _one_profile(editor: Editor, profile_id: str, kind: str | None) -> tuple[str, Profile[Any]]:
    found = editor.profiles_with_id(profile_id)
    if kind is not None:
        folder = BY_NAME[kind].folder
        return kind, editor.find(folder, profile_id)
    if len(found) == 1:
        return next(iter(found.items()))
    if len(found) > 1:
        raise PlaybookError([Problem(f"docs/*/{profile_id}.md", None, f"'{profile_id}' is a {' and a '.join(found)}; say which with --kind")])
    broken = [p for p in errors(editor.playbook.problems) if p.path.endswith(f"/{profile_id}.md")]
    if broken:
        raise PlaybookError([not_edited(p) for p in broken])
    raise PlaybookError([Problem(f"docs/*/{profile_id}.md", None, f"no profile '{profile_id}' among customers, contacts, salespeople and question banks")])


def _references(editor: Editor, kind: str, profile_id: str) -> list[tuple[Profile[Any], str, str]]:
    """Every (profile, list key, entry key) whose entries name this id."""
    found: list[tuple[Profile[Any], str, str]] = []
    if kind == "contact":
        for customer in editor.playbook.customers.values():
            for key in ("knows", "asks"):
                if any(getattr(entry, "contact", None) == profile_id for entry in getattr(customer.data, key)):
                    found.append((customer, key, "contact"))
    elif kind == "customer":
        for contact in editor.playbook.contacts.values():
            if any(entry.customer == profile_id for entry in contact.data.known_by):
                found.append((contact, "known_by", "customer"))
    return found


def _owned_by(editor: Editor, salesperson_id: str) -> list[Profile[Any]]:
    return [
        profile
        for people in (editor.playbook.customers, editor.playbook.contacts)
        for profile in people.values()
        if salesperson_id in editor.playbook.owners_of(profile)
    ]


def forget(editor: Editor, profile_id: str, *, kind: str | None, reassign: str | None) -> None:
    """Remove a profile and every reference to its id in every file: the erasure a person may ask for."""
    kind, profile = _one_profile(editor, profile_id, kind)
    if kind == "salesperson":
        owned = _owned_by(editor, profile_id)
        if owned and reassign is None:
            raise PlaybookError(
                [
                    Problem(
                        profile.source.display_path,
                        None,
                        f"refused: {profile.data.name} owns {len(owned)} profiles; give --reassign OTHER to hand them to another salesperson",
                    )
                ]
            )
        if reassign is not None:
            if reassign == profile_id:
                raise PlaybookError([Problem(profile.source.display_path, None, "--reassign names the salesperson being forgotten")])
            editor.salesperson(reassign)
            for owned_profile in owned:
                _reassign(editor, owned_profile, old=profile_id, new=reassign)
    for holder, key, entry_key in _references(editor, kind, profile_id):
        document = editor.document(holder)
        entries = document.data.get(key)
        keep = [item for item in entries if not (isinstance(item, dict) and item.get(entry_key) == profile_id)]
        removed = len(entries) - len(keep)
        for index in reversed([i for i, item in enumerate(entries) if isinstance(item, dict) and item.get(entry_key) == profile_id]):
            del entries[index]
        if not entries:
            del document.data[key]
        document.changes.append(f"{key} \u2212 {profile_id}" + (f" ({removed} entries)" if removed > 1 else ""))
    editor.remove(profile, summary="removed")
    if kind in ("customer", "contact"):
        _keep_fingerprint(editor, profile)
    _mentions(editor, profile_id, what="still mentions", skip=profile.source.path)


def _keep_fingerprint(editor: Editor, profile: Profile[Any]) -> None:
    """Suppression for the erasure: the person's one-way fingerprint goes to ``.playbook-forgotten`` (SPEC §8)."""
    forgotten = Forgotten.load(editor.root)
    data = profile.data
    after = forgotten.with_person(name=data.name, company=data.company, email=data.email, linkedin=data.linkedin)
    editor.write(
        forgotten.path,
        before=forgotten.original,
        after=after,
        summary=f"fingerprint of {profile.id} kept (one-way: no name, email or URL), so no import brings them back",
    )


def _reassign(editor: Editor, profile: Profile[Any], *, old: str, new: str) -> None:
    document = editor.document(profile)
    owner = document.data.get("owner")
    if owner is None:
        return  # the only salesperson's by default: whoever is left is
    if isinstance(owner, str):
        document.data["owner"] = new
    else:
        replaced: list[str] = []
        for item in owner:
            value = new if item == old else item
            if value not in replaced:
                replaced.append(value)
        for index in range(len(owner) - 1, -1, -1):
            del owner[index]
        owner.extend(replaced)
    document.changes.append(f"owner {old} \u2192 {new}")


def rename(editor: Editor, old: str, new: str, *, kind: str | None) -> None:
    """Rename a profile's file and every reference to its id."""
    kind, profile = _one_profile(editor, old, kind)
    folder = BY_NAME[kind].folder
    if not is_valid_id(new):
        suggestion = id_from_name(new)
        hint = f"; did you mean '{suggestion}'?" if suggestion and suggestion != new else ""
        raise PlaybookError([Problem(f"docs/{folder}/{new}.md", None, f"'{new}' is not a valid id: lowercase ASCII letters, digits and single hyphens{hint}")])
    reserved = reserved_reason(folder, new)
    if reserved is not None:
        raise PlaybookError([Problem(f"docs/{folder}/{new}.md", None, f"{reserved}; choose another id (nothing was written)")])
    for holder, key, entry_key in _references(editor, kind, old):
        document = editor.document(holder)
        for _, entry in iter_entries(document.data.get(key)):
            if entry.get(entry_key) == old:
                entry[entry_key] = new
        document.changes.append(f"{key}: {old} \u2192 {new}")
    if kind == "salesperson":
        for owned in _owned_by(editor, old):
            _reassign(editor, owned, old=old, new=new)
    editor.move(profile, folder=folder, new_id=new)
    _mentions(editor, old, what="still mentions the old id", skip=profile.source.path)


_WORD = r"(?<![a-z0-9-]){}(?![a-z0-9-])"


def _mentions(editor: Editor, profile_id: str, *, what: str, skip: Path) -> None:
    """Notes and ``mkdocs.yml`` are not edited: say where the id still stands, to edit by hand."""
    pattern = re.compile(_WORD.format(re.escape(profile_id)))
    candidates = [editor.root / "mkdocs.yml"] + [
        p.source.path
        for people in (editor.playbook.salespeople, editor.playbook.customers, editor.playbook.contacts, editor.playbook.banks)
        for p in people.values()
    ]
    for path in candidates:
        if path == skip or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        body_start = _body_line(text) if path.suffix == ".md" else 0
        for number, line in enumerate(text.splitlines(), start=1):
            if number > body_start and pattern.search(line):
                editor.notes.append(f"{editor.display(path)}:{number}: warning: {what} '{profile_id}'; edit it by hand")


def _body_line(text: str) -> int:
    """The line of the closing ``---`` (references in front matter are edited; the body after it is not)."""
    lines = text.splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return number
    return 0
