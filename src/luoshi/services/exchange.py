"""`export` and `import` in luoshi's own format: every event as JSON Lines, and back.

Export streams the events in one read transaction (a consistent snapshot, constant memory)
to stdout or, atomically, to a file. Import puts an export into an empty ledger exactly as
it was — the same seq, times, actors, keys, payloads and hashes — and rebuilds the tasks by
folding the events, all in one transaction: export → import → export gives the same bytes.

Import reads the file twice: a first pass checks every line and folds the tasks (nothing
is opened or created until the whole file is known to be good); the second writes the rows
and refuses, rolling back, if the file's bytes are not the ones checked. Any bad line
refuses the whole import ("line N: …").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from luoshi.domain.exchange import Importer, LineError, parse_line
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.services.context import Context
from luoshi.services.integrity import Head, ledger_name
from luoshi.services.ledger import is_team, ledger_path, open_for_writing, open_ledger


@dataclass
class ExportResult:
    ledger: str
    file: str | None
    events: int


@dataclass(kw_only=True)
class ImportResult:
    """What `import --json` prints."""

    ledger: str
    file: str
    format: str
    events: int
    tasks: int
    head: Head | None = None
    needs_due: list[int] = field(default_factory=list)  # taskwarrior: tasks without a deadline
    skipped: list[str] = field(default_factory=list)  # taskwarrior: entries not imported, and why
    dropped: list[str] = field(default_factory=list)  # taskwarrior: fields luoshi does not keep


def export(ctx: Context, output: str | None, line: Callable[[tuple], str],
           stdout: BinaryIO) -> ExportResult:
    """Write every event, one `line(row)` each, to stdout or atomically to `output`."""
    name = ledger_name(ctx)
    with open_ledger(ctx) as ledger, ledger.reading():
        if output is None:
            return ExportResult(ledger=name, file=None, events=_write(ledger, line, stdout))
        from luoshi.store.files import write_file

        counted: list[int] = []
        target = write_file(output, lambda out: counted.append(_write(ledger, line, out)),
                            private=True, protect=protected(ctx), what=_("the export"),
                            example="luoshi-export.jsonl")
    return ExportResult(ledger=name, file=str(target), events=counted[0])


def protected(ctx: Context) -> tuple[Path, ...]:
    """The files an output must never replace: the ledger file itself."""
    return () if is_team(ctx.db) else (Path(ledger_path(ctx.db)),)


def _write(ledger, line: Callable[[tuple], str], out: BinaryIO) -> int:
    count = 0
    for row in ledger.event_rows():
        out.write(line(row).encode("utf-8"))
        count += 1
    out.flush()
    return count


def readable_file(file: str) -> Path:
    path = Path(file).expanduser()
    if path.is_dir():
        raise BadInput(_("{path} is a folder, not a file to import").format(path=path))
    if not path.exists():
        raise BadInput(_("there is no file {path}").format(path=path))
    if not path.is_file():  # a FIFO or a device is refused, never waited on
        raise BadInput(_("{path} is not a regular file").format(path=path),
                       _("give a file, or - to read standard input"))
    return path.absolute()


def numbered_lines(path: Path, digest=None) -> Iterator[tuple[int, str]]:
    """(line number, text) of every non-blank line, feeding every byte to `digest`; bad
    UTF-8 is refused with its line number."""
    try:
        with open(path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if digest is not None:
                    digest.update(raw)
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise BadInput(_("line {number}: not valid UTF-8").format(number=number)) from None
                if text.strip():
                    yield number, text
    except OSError as exc:
        raise BadInput(_("cannot read {path}: {problem}").format(
            path=path, problem=exc.strerror)) from None


def _line_error(number: int, exc: LineError) -> BadInput:
    return BadInput(_("line {number}: {problem}").format(number=number, problem=exc),
                    _("the file must be a luoshi export, unchanged (luoshi export --output FILE)"))


def _check_file(path: Path) -> tuple[Importer, str]:
    """Every event checked and folded (BadInput names the first bad line); the tasks they
    make and the SHA-256 of the file as checked."""
    importer, digest = Importer(), hashlib.sha256()
    for number, text in numbered_lines(path, digest):
        try:
            row, payload = parse_line(text)
            importer.add(number, row, payload)
        except LineError as exc:
            raise _line_error(number, exc) from None
    orphan = importer.orphan()
    if orphan:
        raise BadInput(_("line {number}: {problem}").format(number=orphan[0], problem=orphan[1]))
    return importer, digest.hexdigest()


def _checked_rows(path: Path, checked: str) -> Iterator[tuple]:
    """The rows of a file already checked by `_check_file`, refusing it if it changed."""
    digest = hashlib.sha256()
    for number, text in numbered_lines(path, digest):
        try:
            yield parse_line(text)[0]
        except LineError as exc:
            raise _line_error(number, exc) from None
    if digest.hexdigest() != checked:
        raise Refused(_("{path} changed while it was being imported; nothing was imported").format(
            path=path))


def _refuse_non_empty(ctx: Context) -> None:
    if not is_team(ctx.db) and not Path(ledger_path(ctx.db)).exists():
        return
    with open_ledger(ctx) as ledger:
        if not ledger.is_empty():
            raise Refused(_("the ledger {path} already holds events; an export can only be "
                            "imported into an empty ledger").format(path=ledger_name(ctx)),
                          _("import into a new ledger: luoshi --db NEW.db import FILE"))


def import_luoshi(ctx: Context, file: str, data: bytes | None = None) -> ImportResult:
    """An export into an empty ledger: from `file`, or from `data` (read from stdin), which is
    spooled to a private temporary file so that it is read twice like any file."""
    if data is None:
        return _import_file(ctx, readable_file(file))
    import tempfile

    with tempfile.TemporaryDirectory(prefix="luoshi-import-") as folder:
        spooled = Path(folder) / "stdin.jsonl"
        spooled.write_bytes(data)
        spooled.chmod(0o600)
        result = _import_file(ctx, spooled)
    result.file = "stdin"
    return result


def _import_file(ctx: Context, source: Path) -> ImportResult:
    _refuse_non_empty(ctx)
    importer, checked = _check_file(source)  # the whole file is good, or nothing happens
    with open_for_writing(ctx) as ledger, ledger.writing():
        if not ledger.is_empty():
            raise Refused(_("the ledger {path} already holds events; nothing was imported").format(
                path=ledger_name(ctx)))
        for state in importer.states.values():  # tasks first: each event finds its task
            ledger.save_task(state)
        ledger.insert_event_rows(_checked_rows(source, checked))
        head = ledger.head()
    return ImportResult(ledger=ledger_name(ctx), file=str(source), format="luoshi",
                        events=importer.count, tasks=len(importer.states),
                        head=Head(seq=head[0], hash=head[1]) if head else None)
