"""Redirects from a CSV file uploaded in the admin: all of its lines or none.

Each line is «old address,new address» (a semicolon works too, as a Russian Excel writes it),
UTF-8 or Windows-1251, with or without a header line. Every line is checked as the admin's
form checks one redirect, in order and as if the lines before it were saved (so a file may
hold a chain, collapsed as it is saved); a line that would replace an existing redirect
replaces it. If any line is wrong, nothing is saved and each wrong line is reported with its
number: the editor corrects the file and uploads it again, never wondering which half went in.
"""

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import Redirect
from portal.redirects.addresses import clean_new_path, clean_old_path
from portal.redirects.services import save_redirect

if TYPE_CHECKING:
    from portal.redirects.services import User

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 20_000
HEADER_NAMES = {"old_path", "old", "from", "старый адрес", "откуда", "старый"}


@dataclass
class LineError:
    line: int
    message: str


@dataclass
class CsvResult:
    added: int = 0
    replaced: int = 0
    errors: list[LineError] = field(default_factory=list)


class Rollback(Exception):
    """Some line was wrong: undo the lines saved before it."""


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM allowed), else Windows-1251; ValidationError if neither."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is neither UTF-8 nor Windows-1251 text. Save it as CSV (UTF-8).")
        ) from None


def rows(text: str) -> list[tuple[int, list[str]]]:
    """The lines of the file with their numbers, blank ones left out."""
    first = text.partition("\n")[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    found = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                found.append((reader.line_num, row))
    except csv.Error as error:
        raise ValidationError(
            _("Line %(line)s cannot be read: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from None
    if found and found[0][1] and found[0][1][0].strip().casefold() in HEADER_NAMES:
        found = found[1:]
    return found


def import_redirects(data: bytes, *, by: "User" = None) -> CsvResult:
    """Save the redirects of a CSV file, all or none; ValidationError if it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    lines = rows(decode(data))
    if not lines:
        raise ValidationError(_("The file has no redirects."))
    if len(lines) > MAX_LINES:
        raise ValidationError(
            _("The file has more than %(limit)s lines: split it.") % {"limit": MAX_LINES}
        )
    result = CsvResult()
    try:
        with transaction.atomic():
            seen: dict[str, int] = {}
            for number, row in lines:
                message = save_line(row, number, seen, result, by)
                if message:
                    result.errors.append(LineError(number, message))
            if result.errors:
                raise Rollback
    except Rollback:
        result.added = result.replaced = 0
    return result


def save_line(
    row: list[str], number: int, seen: dict[str, int], result: CsvResult, by: "User"
) -> str:
    """Save one line; the reason it is wrong, or ""."""
    cells = [cell.strip() for cell in row]
    if len(cells) < 2 or len([cell for cell in cells[2:] if cell]):
        return _("Expected two columns: the old address and the new one.")
    problems = []
    old_path = new_path = ""
    try:
        old_path = clean_old_path(cells[0])
    except ValidationError as error:
        problems.extend(error.messages)
    try:
        new_path = clean_new_path(cells[1])
    except ValidationError as error:
        problems.extend(error.messages)
    if problems:
        return " ".join(problems)
    if old_path in seen:
        return _("The old address «%(path)s» is on line %(line)s already.") % {
            "path": old_path,
            "line": seen[old_path],
        }
    seen[old_path] = number
    redirect = Redirect.objects.filter(old_path=old_path).first()
    replacing = redirect is not None
    if redirect is None:
        redirect = Redirect(old_path=old_path)
    redirect.new_path = new_path
    redirect.source = Redirect.Source.FILE
    try:
        with transaction.atomic():
            save_redirect(redirect, by=by)
    except ValidationError as error:
        return " ".join(error.messages)
    if replacing:
        result.replaced += 1
    else:
        result.added += 1
    return ""
