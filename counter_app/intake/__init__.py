"""Intake rules (Qt-free): the service catalogue, validation of the case document, processing
deadlines and receipt numbers. The GUI, the CLI, the importer and the queue all use these.

    from counter_app.intake import load_catalogue, validate_case_document, check_field, ...
"""

from __future__ import annotations

from counter_app.intake.catalogue import CATEGORIES, CHANNELS, CLASS_PERIODS, Catalogue, Service, load_catalogue
from counter_app.intake.deadlines import DeadlineCalculator, kr_holidays
from counter_app.intake.receipts import (
    format_receipt_no,
    is_valid_receipt_no,
    mod37_36_check,
    mod37_36_valid,
    parse_receipt_no,
)
from counter_app.intake.validation import (
    FIELD_LABELS,
    CaseValidationError,
    FieldProblem,
    ValidCase,
    check_field,
    field_warnings,
    label,
    rrn_birth_date,
    rrn_check_digit_ok,
    validate_case_document,
)

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "CLASS_PERIODS",
    "Catalogue",
    "Service",
    "load_catalogue",
    "DeadlineCalculator",
    "kr_holidays",
    "format_receipt_no",
    "is_valid_receipt_no",
    "mod37_36_check",
    "mod37_36_valid",
    "parse_receipt_no",
    "FIELD_LABELS",
    "CaseValidationError",
    "FieldProblem",
    "ValidCase",
    "check_field",
    "field_warnings",
    "label",
    "rrn_birth_date",
    "rrn_check_digit_ok",
    "validate_case_document",
]
