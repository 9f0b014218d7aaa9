"""Import a paper register (민원 처리부) transcription: one complaint per row, .csv or .xlsx.

Column headers, Korean or English (either works, order does not matter, unknown columns are
ignored and listed in the report):

    접수일시/received_at (required; '2025-09-29 10:15', '2025.09.29 10:15:30', ISO 8601; KST unless an
        offset is given)     민원인/name (required)     민원종류/service (required; name or code)
    생년월일/birth_date      연락처/phone              주소/address        우편번호/postcode
    구분/category (법정·질의·건의·기타·고충 or the codes; blank = the service's class)
    경로/channel (방문·전화·우편·팩스 or the codes; blank = 방문)
    제목/title (blank = the service name)   내용/content (blank = a note naming the register row)
    주민등록번호/rrn (only where the service requires or permits it)   전자우편/email   통지방법/notify_by
    공개여부/disclose (예/아니오, Y/N)    민원발생지역/region
    시스템접수/received_via_system (예/아니오: the row was first received through the information
        system and is re-keyed out of it — only then an outage is left out of its period, 시행령 제20조 2호;
        not part of the import key, so adding the column to an imported file adds nothing)

The time of receipt from the paper is kept (retroactive intake, domain.md §1) and due dates are
computed from it. Each row is recorded in its own transaction with an import key = SHA-256 over
the row's normalised content, so importing the same file twice (or a longer version of it) adds
nothing new. The RRN is left out of that hash: a hash of a 13-digit number with a known birth date
could be reversed by trying every value.

CSV may be UTF-8 (with or without BOM) or CP949 (what Korean Excel saves).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from counter_app.clock import KST
from counter_app.errors import StorageError, UserError
from counter_app.i18n import Msg
from counter_app.intake.catalogue import CATEGORIES, CHANNELS, Catalogue
from counter_app.intake.validation import CaseValidationError, label

# canonical column -> accepted header spellings (compared without spaces, case-insensitive)
COLUMNS: dict[str, tuple[str, ...]] = {
    "received_at": ("접수일시", "received_at", "접수일자"),
    "name": ("민원인", "성명", "name", "applicant"),
    "birth_date": ("생년월일", "birth_date"),
    "phone": ("연락처", "전화번호", "phone"),
    "address": ("주소", "address"),
    "postcode": ("우편번호", "postcode"),
    "service": ("민원종류", "service"),
    "category": ("구분", "민원구분", "category"),
    "channel": ("경로", "접수경로", "channel"),
    "title": ("제목", "title"),
    "content": ("내용", "content"),
    "rrn": ("주민등록번호", "주민번호", "rrn"),
    "email": ("전자우편", "이메일", "email"),
    "notify_by": ("통지방법", "notify_by"),
    "disclose": ("공개여부", "disclose"),
    "region": ("민원발생지역", "region"),
    "received_via_system": ("시스템접수", "정보시스템접수", "received_via_system"),
}
REQUIRED_COLUMNS = ("received_at", "name", "service")
# fields of the row that identify it (the RRN is deliberately not among them, see above)
KEY_FIELDS = (
    "received_at",
    "name",
    "birth_date",
    "phone",
    "address",
    "postcode",
    "service",
    "category",
    "channel",
    "title",
    "content",
    "email",
    "notify_by",
    "disclose",
    "region",
)
FIELD_OF_COLUMN = {
    "received_at": "received_at",
    "name": "applicant.name",
    "birth_date": "applicant.birth_date",
    "phone": "applicant.phone",
    "address": "applicant.address",
    "postcode": "applicant.postcode",
    "rrn": "applicant.rrn",
    "email": "applicant.email",
}

_CATEGORY_WORDS = {c.ko: k for k, c in CATEGORIES.items()} | {
    c.ko.removesuffix("민원"): k for k, c in CATEGORIES.items()
}
_CHANNEL_WORDS = {c.ko: k for k, c in CHANNELS.items()} | {"내방": "visit", "방문접수": "visit"}
_YES = {"예", "y", "yes", "true", "1", "공개", "o"}
_NO = {"아니오", "아니요", "n", "no", "false", "0", "비공개", "x", ""}
_DATETIME_RE = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
MAX_ROWS = 100_000
MAX_CELL_CHARS = 32_767  # what one Excel cell can hold


@dataclass(frozen=True)
class RowProblem:
    row: int  # spreadsheet row number: the header is row 1
    field: str
    msg: Msg


@dataclass
class ImportReport:
    rows: int = 0
    imported: list[tuple[int, str]] = field(default_factory=list)  # (row, receipt number)
    duplicates: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    not_tried: list[int] = field(default_factory=list)  # rows after the import had to stop
    stopped: Msg | None = None  # why it stopped (storage: disk full, read-only, busy)
    blank: list[int] = field(default_factory=list)  # empty lines, skipped

    def outcomes(self, lang: str | None = None) -> list[tuple[int, str, str]]:
        """(row, outcome, detail) for EVERY row after the header, in file order: 'imported'
        (detail: the receipt number), 'duplicate', 'refused' (detail: why), 'not_tried', 'blank'."""
        out: dict[int, tuple[int, str, str]] = {}
        for r, receipt in self.imported:
            out[r] = (r, "imported", receipt)
        for r in self.duplicates:
            out[r] = (r, "duplicate", "")
        for p in self.problems:
            prev = out.get(p.row)
            text = p.msg.text(lang)
            out[p.row] = (p.row, "refused", f"{prev[2]} / {text}" if prev and prev[1] == "refused" else text)
        for r in self.not_tried:
            out[r] = (r, "not_tried", self.stopped.text(lang) if self.stopped else "")
        for r in self.blank:
            out[r] = (r, "blank", "")
        return [out[r] for r in sorted(out)]

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})

    def as_dict(self, lang: str | None = None) -> dict:
        return {
            "rows": self.rows,
            "imported": len(self.imported),
            "duplicates": len(self.duplicates),
            "bad_rows": len(self.bad_rows),
            "receipts": [{"row": r, "receipt_no": n} for r, n in self.imported],
            "problems": [{"row": p.row, "field": p.field, "message": p.msg.text(lang)} for p in self.problems],
            "warnings": [{"row": p.row, "field": p.field, "message": p.msg.text(lang)} for p in self.warnings],
            "ignored_columns": self.ignored_columns,
            "not_tried": len(self.not_tried),
            "stopped": self.stopped.text(lang) if self.stopped else None,
            "rows_report": [{"row": r, "outcome": o, "detail": d} for r, o, d in self.outcomes(lang)],
        }


def _malformed(ko: str, en: str) -> UserError:
    return UserError(Msg(ko, en))


# ---------------------------------------------------------------- reading files
def read_table(path: Path) -> list[list[object]]:
    """All rows of the file (header first) as lists of cell values. One clear UserError if
    unreadable or beyond the limits (counter_app/limits.py): a regular file of at most 20 MB;
    an .xlsx whose archive would inflate to no more than the zip caps; at most MAX_ROWS rows
    and MAX_CELL_CHARS characters a cell, checked while reading, so memory stays bounded."""
    from counter_app import limits

    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = limits.read_bytes(
            path, limits.MAX_IMPORT_BYTES, Msg("가져올 파일", "The file to import"), stdin_ok=False
        )
        return read_csv_bytes(data)
    if suffix == ".xlsx":
        limits.check_zip_archive(path)
        return _read_xlsx(path)
    raise _malformed("가져올 수 있는 파일은 .csv 또는 .xlsx입니다.", "Only .csv and .xlsx files can be imported.")


def _too_many_rows() -> UserError:
    return _malformed(
        f"한 번에 {MAX_ROWS}행까지 가져올 수 있으니 파일을 나누십시오.",
        f"At most {MAX_ROWS} rows can be imported at once; split the file.",
    )


def _check_cells(row: list[object], row_number: int) -> None:
    for cell in row:
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise _malformed(
                f"{row_number}행에 엑셀 한 칸의 한도({MAX_CELL_CHARS}자)보다 긴 칸이 있어 가져오지 않았습니다.",
                f"Row {row_number} holds a cell longer than a spreadsheet cell can be "
                f"({MAX_CELL_CHARS} characters); nothing was imported.",
            )


def _bounded_rows(rows: Iterable[Iterable[object]]) -> list[list[object]]:
    """The rows, refused as soon as one breaks the row or cell limit (the header and blank
    leading lines count as rows here: a little slack over MAX_ROWS data rows)."""
    out: list[list[object]] = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS + 10:
            raise _too_many_rows()
        cells = list(row)
        _check_cells(cells, number)
        out.append(cells)
    return out


def read_csv_bytes(data: bytes) -> list[list[object]]:
    if b"\x00" in data:
        raise _malformed(
            "CSV 파일이 아닙니다(이진 자료가 들어 있음).", "This is not a CSV file (it holds binary data)."
        )
    for encoding in ("utf-8-sig", "cp949"):
        try:
            decoded = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _malformed(
            "CSV 파일의 문자 인코딩을 알 수 없습니다. UTF-8 또는 CP949로 저장하십시오.",
            "The CSV file's text encoding is not recognised; save it as UTF-8 or CP949.",
        )
    try:
        rows = _bounded_rows(csv.reader(io.StringIO(decoded, newline="")))
    except csv.Error:
        raise _malformed(
            "CSV 형식이 올바르지 않습니다(따옴표나 줄바꿈이 맞지 않음).",
            "The CSV is malformed (unbalanced quotes or line breaks).",
        ) from None
    return rows


def _read_xlsx(path: Path) -> list[list[object]]:
    """The first sheet, streamed (openpyxl read_only: rows are parsed one at a time, never the
    whole sheet as a tree), within the row and cell limits."""
    import zipfile

    try:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover - openpyxl is a declared dependency
        raise _malformed("XLSX를 읽는 구성 요소가 없습니다.", "The XLSX reader is not installed.") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know: harmless here
            book = load_workbook(path, read_only=True, data_only=True)
            cells = None
            try:
                sheet = book.worksheets[0]
                cells = sheet.iter_rows(values_only=True)
                rows = _bounded_rows(cells)
            finally:
                if cells is not None:
                    cells.close()  # a read stopped at a limit leaves the sheet's stream open otherwise
                book.close()
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        OSError,
        EOFError,
        IndexError,
        AttributeError,
        zipfile.LargeZipFile,
        NotImplementedError,
    ):
        raise _malformed(
            "XLSX 파일을 열 수 없습니다: 손상되었거나 잘린 파일입니다.",
            "The XLSX file cannot be opened: it is damaged or truncated.",
        ) from None
    return rows


# ---------------------------------------------------------------- header and cells
def _norm_header(text: object) -> str:
    return "".join(str(text or "").split()).casefold()


_HEADER_INDEX = {_norm_header(alias): col for col, aliases in COLUMNS.items() for alias in aliases}


def map_header(header: list[object]) -> tuple[dict[str, int], list[str]]:
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    for i, cell in enumerate(header):
        # '접수일시/received_at' (both spellings, as in the sample) or either one alone
        col = _HEADER_INDEX.get(_norm_header(cell)) or next(
            (_HEADER_INDEX[p] for p in _norm_header(cell).split("/") if p in _HEADER_INDEX), None
        )
        if col is None:
            if str(cell or "").strip():
                ignored.append(str(cell).strip()[:40])
        elif col not in mapping:
            mapping[col] = i
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping]
    if missing:
        names = ", ".join(f"{COLUMNS[c][0]}/{c}" for c in missing)
        raise _malformed(
            f"첫 줄에 머리글이 없거나 필수 열이 빠졌습니다: {names}.",
            f"The first line is not a header or lacks required columns: {names}.",
        )
    return mapping, ignored


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _datetime_cell(value: object) -> str | None:
    """ISO 8601 with offset, or None when the cell is not a time we understand (KST assumed)."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=KST)).isoformat()
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(9, 0), KST).isoformat()
    text = _cell_text(value)
    m = _DATETIME_RE.match(text)
    if m:
        y, mo, d, hh, mm, ss = m.groups()
        try:
            return dt.datetime(
                int(y), int(mo), int(d), int(hh or 9), int(mm or 0), int(ss or 0), tzinfo=KST
            ).isoformat()
        except ValueError:
            return None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=KST)).isoformat()


def _date_cell(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _cell_text(value)
    m = re.match(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$", text)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else text


def _phone_cell(value: object) -> str:
    # A spreadsheet that stored 010-... as a number lost the leading zero.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "0" + _cell_text(value)
    return _cell_text(value)


def _postcode_cell(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _cell_text(value).zfill(5)
    return _cell_text(value)


def row_values(row: list[object], mapping: dict[str, int]) -> dict[str, object]:
    return {col: (row[i] if i < len(row) else None) for col, i in mapping.items()}


def import_key_of(values: dict[str, object]) -> str:
    normalised = [_cell_text(values.get(k)) for k in KEY_FIELDS]
    normalised[0] = _datetime_cell(values.get("received_at")) or normalised[0]
    return hashlib.sha256(json.dumps(normalised, ensure_ascii=False).encode("utf-8")).hexdigest()


def row_document(values: dict[str, object], catalogue: Catalogue, row_number: int) -> tuple[dict, list[RowProblem]]:
    """The case document for one register row, plus problems only the importer can see."""
    problems: list[RowProblem] = []
    text = {k: _cell_text(v) for k, v in values.items()}
    received = _datetime_cell(values.get("received_at"))
    if not text.get("received_at"):
        problems.append(
            RowProblem(
                row_number,
                "received_at",
                Msg(f"{label('received_at').ko}을(를) 입력하십시오.", f"Enter the {label('received_at').en}."),
            )
        )
    elif received is None:
        problems.append(
            RowProblem(
                row_number,
                "received_at",
                Msg(
                    f"{label('received_at').ko}을(를) 알아볼 수 없습니다(예: 2025-09-29 10:15).",
                    f"The {label('received_at').en} is not understood (e.g. 2025-09-29 10:15).",
                ),
            )
        )
    service = catalogue.find(text.get("service", ""))
    category = text.get("category", "")
    category = _CATEGORY_WORDS.get(category, category) or (service.category if service else "")
    channel = text.get("channel", "")
    channel = _CHANNEL_WORDS.get(channel, channel) or "visit"
    disclose_text = text.get("disclose", "").casefold()
    disclose: object = True if disclose_text in _YES else False if disclose_text in _NO else disclose_text
    via_text = text.get("received_via_system", "").casefold()
    via_system: object = True if via_text in _YES else False if via_text in _NO else via_text
    applicant = {
        "name": text.get("name") or None,
        "birth_date": _date_cell(values.get("birth_date")) or None,
        "phone": _phone_cell(values.get("phone")) or None,
        "address": text.get("address") or None,
        "postcode": _postcode_cell(values.get("postcode")) or None,
        "rrn": text.get("rrn") or None,
        "email": text.get("email") or None,
    }
    doc = {
        "channel": channel or None,
        "category": category or None,
        "service": text.get("service") or None,
        "title": text.get("title") or (service.name_ko if service else None),
        "content": text.get("content")
        or f"종이 접수부 {row_number}행에서 옮겨 적음 / transcribed from the paper register, row {row_number}",
        "applicant": {k: v for k, v in applicant.items() if v is not None},
        "disclose": disclose,
        "notify_by": text.get("notify_by") or None,
        "region": text.get("region") or None,
        "received_at": received,
        "received_via_system": via_system or None,  # absent unless true: older documents unchanged
    }
    return {k: v for k, v in doc.items() if v is not None}, problems


# ---------------------------------------------------------------- the import
def import_register(
    path: str | Path, queue, actor, catalogue: Catalogue, *, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Import every good row; report the bad ones by row number. Idempotent per row."""
    rows = read_table(Path(path))
    return import_rows(rows, queue, actor, catalogue, progress=progress)


def import_rows(
    rows: list[list[object]], queue, actor, catalogue: Catalogue, *, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    # skip blank lines before the header (a title line with no cells is common in registers)
    while rows and not any(_cell_text(c) for c in rows[0]):
        rows = rows[1:]
    if not rows:
        raise _malformed("가져올 파일이 비어 있습니다.", "The file to import is empty.")
    if len(rows) - 1 > MAX_ROWS:
        raise _too_many_rows()
    mapping, ignored = map_header(list(rows[0]))
    report = ImportReport(ignored_columns=ignored)
    body = list(enumerate(rows[1:], start=2))
    total = len(body)
    for done, (row_number, row) in enumerate(body, start=1):
        if report.stopped is not None:
            if any(_cell_text(c) for c in row):
                report.rows += 1
                report.not_tried.append(row_number)
            continue
        if any(_cell_text(c) for c in row):
            report.rows += 1
            try:
                _import_one(row_number, list(row), mapping, queue, actor, catalogue, report)
            except StorageError as exc:  # the database cannot take more now: stop, say where
                report.stopped = exc.msg
                report.not_tried.append(row_number)
        else:
            report.blank.append(row_number)
        if progress is not None:
            progress(done, total)
    return report


def _import_one(
    row_number: int,
    row: list[object],
    mapping: dict[str, int],
    queue,
    actor,
    catalogue: Catalogue,
    report: ImportReport,
) -> None:
    values = row_values(row, mapping)
    doc, problems = row_document(values, catalogue, row_number)
    if problems:
        report.problems.extend(problems)
        return
    try:
        result = queue.submit(actor, doc, import_key=import_key_of(values))
    except CaseValidationError as exc:
        report.problems.extend(RowProblem(row_number, p.field, p.msg) for p in exc.problems)
        return
    except StorageError:
        raise
    except UserError as exc:  # this row cannot be recorded here, e.g. the day's 9,999 receipt numbers are used up
        report.problems.append(RowProblem(row_number, "", exc.msg))
        return
    if result.duplicate:
        report.duplicates.append(row_number)
        return
    report.imported.append((row_number, result.receipt_no))
    report.warnings.extend(RowProblem(row_number, "", w) for w in result.warnings)


def iter_problem_lines(report: ImportReport, lang: str | None = None) -> Iterable[str]:
    for p in report.problems:
        yield Msg(f"{p.row}행: {p.msg.ko}", f"row {p.row}: {p.msg.en}").text(lang)
    if report.stopped is not None and report.not_tried:
        yield Msg(
            f"{report.not_tried[0]}행부터 가져오기를 멈췄습니다: {report.stopped.ko}",
            f"The import stopped at row {report.not_tried[0]}: {report.stopped.en}",
        ).text(lang)


OUTCOME_LABELS = {
    "imported": Msg("접수", "recorded"),
    "duplicate": Msg("이미 있음", "already there"),
    "refused": Msg("거부", "refused"),
    "not_tried": Msg("시도 안 함", "not tried"),
    "blank": Msg("빈 줄", "blank"),
}


def advice(report: ImportReport) -> Msg | None:
    """What to do about the rows not recorded, or None when every row is in."""
    if not (report.problems or report.not_tried):
        return None
    return Msg(
        "기록되지 않은 행은 고치거나(이 단말기의 그날 접수번호가 다 찼으면 그 행만 새 파일로 옮겨 다른 단말기에서) "
        "다시 가져오십시오: 같은 파일을 이 단말기에서 다시 가져오면 이미 기록된 행은 건너뜁니다.",
        "Rows not recorded need fixing, or (where this terminal's receipt numbers for their day ran out) moving "
        "to a new file imported on another terminal; importing this file again here skips the rows already recorded.",
    )
