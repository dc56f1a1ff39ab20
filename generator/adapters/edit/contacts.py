"""A contact added to a file, or one updated (an address or a role it lacked), on ruamel.yaml's tree.

`contact ID NAME` and `mail` (a person writing from the company's own domain) both come here.
A new contact is written in the style of the contacts already there (block `- name: …` lines,
or flow `- {name: …}`); a file without `contacts:` gets the key before `ideas:`/`notes:`/`log:`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

from generator.adapters.edit.entries import _plain_or_quoted, entry_lines
from generator.adapters.edit.operations import matching_contacts, may_remove
from generator.adapters.edit.roundtrip import EditError, commit, read_document, unchanged
from generator.adapters.opportunity_files import display_path
from generator.core.edit.yaml_placement import keep_trailing_comments_last, log_style, set_key

# Where a new `contacts:` goes: before the first of these keys, else at the end.
_CONTACTS_BEFORE = ("ideas", "cadence", "wait_until", "next", "notes", "log")
_CONTACT_KEYS = ("name", "role", "email")
# One address, as people type it: no spaces, one @, a dot in the domain.
_EMAIL = re.compile(r"[^\s@<>\"',;:]+@[^\s@<>\"',;:]+\.[^\s@<>\"',;:]+")
MAX_LENGTH = 200  # a name, a role or an address longer than this is not one


def one_line(text: str | None, what: str) -> str | None:
    """The text on one line, spaces collapsed; None when empty; refused when too long."""
    if text is None:
        return None
    cleaned = " ".join(str(text).split())
    if len(cleaned) > MAX_LENGTH:
        raise EditError(f"the {what} is {len(cleaned)} characters long; at most {MAX_LENGTH}")
    return cleaned or None


def check_email(email: str | None) -> str | None:
    email = one_line(email, "e-mail address")
    if email is not None and not _EMAIL.fullmatch(email):
        raise EditError(f"'{email}' is not an e-mail address (like jane@acme.example)")
    return email


@dataclass
class ContactEdit:
    """What ``put_contact`` did: "added", "updated" or "unchanged", to whom, and the old lines it rewrote."""

    action: str
    name: str
    lines: list[str]
    keys: list[str]  # top-level keys rewritten (`contacts` when its line changes)


def _value(text: str, flow: bool):
    return _plain_or_quoted(text, flow)


def _contact_lines(doc, index: int) -> list[str]:
    return entry_lines(doc, doc.data["contacts"], index)


def _new_contact(doc, name: str, fields: dict) -> ContactEdit:
    # ruamel.yaml here, as in the whole edit package: 9 to 13 ms that draft and catch-up would pay for nothing
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    contacts = doc.data.get("contacts")
    keys: list[str] = []
    if isinstance(contacts, CommentedSeq) and len(contacts):
        flow = log_style(contacts) == "flow"
        if contacts.fa.flow_style():
            keys.append("contacts")  # `contacts: [{...}]` on one line: that line grows
    else:
        flow = False
        if "contacts" in doc.data:
            keys.append("contacts")
        contacts = CommentedSeq()
        set_key(doc.data, "contacts", contacts, before=_CONTACTS_BEFORE)
    node = CommentedMap()
    node["name"] = _value(name, flow)
    for key in _CONTACT_KEYS[1:]:
        if fields.get(key) is not None:
            node[key] = _value(fields[key], flow)
    if flow:
        node.fa.set_flow_style()
    else:
        node.fa.set_block_style()
    contacts.append(node)
    if not contacts.fa.flow_style():
        keep_trailing_comments_last(contacts)
    return ContactEdit("added", name, [], keys)


def find_contact(doc, name: str, *, starts: bool) -> int | None:
    """The index of the contact of that name (any case and spacing); with ``starts``, also one whose
    name or a word of it starts with ``name`` (as `--with` matches); two such → refused, listing them."""
    wanted = " ".join(name.split()).casefold()
    contacts = list(doc.opp.contacts)
    exact = [i for i, c in enumerate(contacts) if " ".join(c.name.split()).casefold() == wanted]
    if exact or not starts:
        return exact[0] if exact else None
    found = matching_contacts(doc.opp, name)
    if len(found) > 1:
        raise EditError(
            f"'{name}' fits {len(found)} contacts of {doc.opp.id}: "
            + ", ".join(c.name for c in found) + "; give more of the name"
        )
    return contacts.index(found[0]) if found else None


def put_contact(doc, name: str, fields: dict, *, starts: bool = True, fill_only: bool = False) -> ContactEdit:
    """Add the contact ``name``, or give the one of that name the ``fields`` (role, email) it lacks or
    has otherwise; ``fill_only``: never replace a value the file has (mail fills a missing address)."""
    index = find_contact(doc, name, starts=starts)
    if index is None:
        return _new_contact(doc, name, fields)
    node = doc.data["contacts"][index]  # the validated contacts are in the file's order
    flow = node.fa.flow_style()
    changes = {
        key: value for key, value in fields.items()
        if value is not None and node.get(key) != value and not (fill_only and node.get(key))
    }
    if not changes:
        return ContactEdit("unchanged", str(node.get("name")), [], [])
    lines = _contact_lines(doc, index) if flow or any(key in node for key in changes) else []
    last = list(node.keys())[-1]
    for key, value in changes.items():
        node[key] = _value(value, flow)
    if not flow:
        _keep_comments_below(node, last)
    return ContactEdit("updated", str(node.get("name")), lines, [])


def _keep_comments_below(node, old_last) -> None:
    """Comment lines below a block mapping's old last key stay below its new keys (ruamel.yaml keeps
    them on the old last key, so new keys would land under them): as layout does for a log."""
    new_last = list(node.keys())[-1]
    slot = node.ca.items.get(old_last)
    token = slot[2] if slot and len(slot) > 2 else None
    value = getattr(token, "value", None)
    if new_last == old_last or not isinstance(value, str):
        return
    cut = value.find("\n")
    if cut < 0 or cut == len(value) - 1:
        return  # only its own end-of-line comment
    moved = copy.copy(token)
    token.value, moved.value = value[: cut + 1], "\n" + value[cut + 1 :]
    node.ca.items[new_last] = [None, None, moved, None]


def add_contact(path, opp_id: str, name: str, *, email: str | None = None, role: str | None = None,
                shown: str | None = None):
    """`contact ID NAME`: add the contact, or update the one that name fits (its own spelling, its first
    name, any unique start of it, in any case) with the address and role given. → (EditResult, ContactEdit).

    The same again writes nothing (``result.changed`` False); a name that fits two contacts is refused."""
    typed = one_line(name, "name")
    if typed is None:
        raise EditError("the contact's name is empty")
    fields = {"role": one_line(role, "role"), "email": check_email(email)}
    doc = read_document(Path(path), shown or display_path(Path(path)), opp_id)
    edit = put_contact(doc, typed, fields)
    if edit.action == "unchanged":
        return unchanged(doc), edit
    wanted = {key: value for key, value in fields.items() if value is not None}

    def came_out(opp) -> bool:
        contact = opp.contact(edit.name)
        return contact is not None and all(getattr(contact, key) == value for key, value in wanted.items())

    before = len(doc.opp.contacts)
    result = commit(doc, doc.dump(), may_remove(edit.keys, edit.lines),
                    check=lambda opp: came_out(opp) and len(opp.contacts) == before + (edit.action == "added"))
    return result, edit
