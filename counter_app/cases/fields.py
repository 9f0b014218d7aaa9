"""The fields of a case document (contracts.md §1) every case must carry, in one place: the
validator refuses a document without them, the intake form marks them, the import names them."""

from __future__ import annotations

# dotted case-document paths; applicant.rrn is required only where the service's rule says so
REQUIRED_FIELDS: tuple[str, ...] = ("channel", "category", "service", "title", "content", "applicant.name")
