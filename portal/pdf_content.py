"""What a PDF would do when opened or clicked, read from its parsed objects (with pypdf).

Every object the cross-reference tables name is visited, those packed into compressed object
streams too, and every dictionary in them is judged: scripts, attachments, rich media, forms
that submit or import data, actions that open other files or programs, and actions that fire
by themselves (``/OpenAction``, ``/AA``) other than moving to a page make the file active.
A link the reader clicks may go to a page or to a web or mail address, nothing else.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
)

ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
ACTIVE_TYPES = {"/EmbeddedFile", "/RichMedia", "/RichMediaExecute"}
ACTIVE_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
CLICKED_ACTIONS = {"/GoTo", "/URI"}
AUTOMATIC_ACTIONS = {"/GoTo"}
LINK_SCHEMES = ("http://", "https://", "mailto:")
RAW_ACTIVE_NAMES = {
    b"javascript",
    b"js",
    b"launch",
    b"embeddedfile",
    b"embeddedfiles",
    b"richmedia",
    b"xfa",
    b"submitform",
    b"importdata",
    b"gotor",
    b"gotoe",
}
PDF_NAME = re.compile(rb"/([^\s/<>\[\](){}%]+)")
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class ActiveContent:
    """Why a PDF is not passive, for the log and the tests; editors see one message."""

    reason: str


def active_content(reader: PdfReader) -> ActiveContent | None:
    """The first active thing found in ``reader``'s objects, or ``None`` for a passive PDF."""
    for obj in _every_object(reader):
        if isinstance(obj, StreamObject) and obj.get("/Type") == "/ObjStm":
            # Objects packed here but left out of the cross-reference table are not visited
            # below; a reader repairing the file may still find them.
            names = active_names(obj.get_data())
            if names:
                return ActiveContent(f"/{min(names).decode()} in an object stream")
        for dictionary in _dictionaries(obj):
            found = _judge(dictionary)
            if found:
                return found
    return None


def object_count(reader: PdfReader) -> int:
    """How many objects the cross-reference tables name (read without parsing them)."""
    return sum(len(objects) for objects in reader.xref.values()) + len(reader.xref_objStm)


def _every_object(reader: PdfReader) -> Iterator[PdfObject | None]:
    yield reader.trailer
    for generation, objects in reader.xref.items():
        for number in objects:
            yield reader.get_object(IndirectObject(number, generation, reader))
    for number in reader.xref_objStm:
        yield reader.get_object(IndirectObject(number, 0, reader))


def _dictionaries(obj: object) -> Iterator[DictionaryObject]:
    """Every dictionary directly inside ``obj`` (indirect ones are visited on their own)."""
    pending = [obj]
    while pending:
        current = pending.pop()
        if isinstance(current, DictionaryObject):  # streams are dictionaries too
            yield current
            pending.extend(current.values())
        elif isinstance(current, ArrayObject):
            pending.extend(current)


def _judge(dictionary: DictionaryObject) -> ActiveContent | None:
    for key in dictionary:
        if key in ACTIVE_KEYS:
            return ActiveContent(f"{key} entry")
    if dictionary.get("/Type") in ACTIVE_TYPES:
        return ActiveContent(f"{dictionary['/Type']} object")
    if "/EF" in dictionary:
        return ActiveContent("file specification with an embedded file")
    subtype = dictionary.get("/Subtype")
    if subtype in ACTIVE_ANNOTATIONS and not isinstance(dictionary, StreamObject):
        return ActiveContent(f"{subtype} annotation")
    # "/S" names other things too (a page label's style, a transparency group): a dictionary
    # is an action where it is typed so, or where an action is expected.
    clicked: list[Any] = [dictionary] if dictionary.get("/Type") == "/Action" else []
    clicked += [
        dictionary[key].get_object() for key in ("/A", "/PA", "/Next") if key in dictionary
    ]
    for action in clicked:
        if isinstance(action, DictionaryObject) and "/S" in action:
            found = _judge_action(action, CLICKED_ACTIONS)
            if found:
                return found
    for key in ("/OpenAction", "/AA"):
        if key in dictionary:
            found = _judge_automatic(dictionary[key])
            if found:
                return found
    return None


def _judge_action(action: DictionaryObject, allowed: set[str]) -> ActiveContent | None:
    kind: Any = action["/S"]
    if kind not in allowed:
        return ActiveContent(f"{kind} action")
    if kind == "/URI":
        target = str(action.get("/URI", "")).strip().lower()
        if not target.startswith(LINK_SCHEMES):
            return ActiveContent(f"link to {target[:40]!r}")
    return None


def _judge_automatic(value: object) -> ActiveContent | None:
    """``/OpenAction`` (a destination array or an action) and ``/AA`` (actions by trigger)
    run without a click: only a move to a page is allowed, along each ``/Next`` chain."""
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if isinstance(value, ArrayObject):
        return None  # a destination: the page to open at
    if not isinstance(value, DictionaryObject):
        return ActiveContent("malformed automatic action")
    actions: list[Any] = (
        [value] if "/S" in value else [entry.get_object() for entry in value.values()]
    )
    seen: set[int] = set()
    while actions:
        action = actions.pop()
        if isinstance(action, ArrayObject):
            actions.extend(entry.get_object() for entry in action)
            continue
        if not isinstance(action, DictionaryObject) or id(action) in seen:
            continue
        seen.add(id(action))
        if "/S" not in action:
            return ActiveContent("automatic action without a kind")
        found = _judge_action(action, AUTOMATIC_ACTIONS)
        if found:
            return found
        if "/Next" in action:
            actions.append(action["/Next"].get_object())
    return None


def active_names(content: bytes) -> set[bytes]:
    """Active names in raw PDF syntax (also spelt with ``#xx`` escapes), lower-cased."""
    found = set()
    for match in PDF_NAME.finditer(content):
        name = NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1)).lower()
        if name in RAW_ACTIVE_NAMES:
            found.add(name)
    return found
