"""The procedure guide model: what a loaded, validated guide is (docs/procedures.md is the format).

Qt-free. A guide is a small directed graph of steps from `start` to one or more `end` steps; the
wizard engine (engine.py) walks it. Every text is a Korean/English pair.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_app.i18n import current_language

STEP_KINDS = ("info", "checklist", "question", "input", "action", "end")
ACTIONS = ("open_intake", "print_receipt", "print_interim", "print_notice", "referral")
PRINT_ACTIONS = ("print_receipt", "print_interim", "print_notice")
# The case-document fields (contracts.md §1) an input step may capture. Never the RRN: it is typed
# only into the intake form, which seals it.
INPUT_FIELDS = (
    "service",
    "channel",
    "category",
    "title",
    "content",
    "notify_by",
    "applicant.name",
    "applicant.birth_date",
    "applicant.phone",
    "applicant.email",
    "applicant.address",
    "applicant.postcode",
)
FIELD_OPTIONS = {
    "channel": ("visit", "phone", "mail", "fax"),
    "category": ("statutory", "inquiry", "suggestion", "other", "grievance"),
    "notify_by": ("sms", "email", "mail", "phone", "none"),
}
SOURCES = ("bundled", "office")


@dataclass(frozen=True)
class Text:
    ko: str
    en: str

    def text(self, lang: str | None = None) -> str:
        return self.en if (lang or current_language()) == "en" else self.ko


@dataclass(frozen=True)
class Basis:
    """A legal basis a guide cites; `unverified` until a second source confirms it (domain.md)."""

    text: Text
    unverified: bool = False


@dataclass(frozen=True)
class Choice:
    label: Text
    next: str


@dataclass(frozen=True)
class InputField:
    field: str  # one of INPUT_FIELDS
    label: Text
    required: bool = False
    value: str | None = None  # preset, the clerk may change it
    options: tuple[str, ...] = ()  # allowed values (channel, category, notify_by have defaults)

    def allowed(self) -> tuple[str, ...]:
        return self.options or FIELD_OPTIONS.get(self.field, ())


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    title: Text
    text: Text | None = None
    next: str | None = None
    items: tuple[Text, ...] = ()  # checklist
    choices: tuple[Choice, ...] = ()  # question
    fields: tuple[InputField, ...] = ()  # input
    action: str | None = None  # action
    form: Text | None = None  # print actions: the paper form to use until documents exist
    agency: Text | None = None  # referral
    phone: str | None = None  # referral
    line: int = 0

    def targets(self) -> tuple[str, ...]:
        """The steps this one leads to."""
        if self.kind == "question":
            return tuple(c.next for c in self.choices)
        return (self.next,) if self.next else ()


@dataclass(frozen=True)
class Guide:
    id: str
    version: int
    title: Text
    summary: Text
    start: str
    steps: dict[str, Step] = field(hash=False)
    keywords: tuple[str, ...] = ()
    legal_basis: tuple[Basis, ...] = ()
    source: str = "bundled"
    path: str = ""
    line: int = 0

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    @property
    def first_step(self) -> Step:
        return self.steps[self.start]

    def as_json(self) -> dict:
        """`procedures list --json` (contracts.md §1): id, title, version, source."""
        return {
            "id": self.id,
            "title": {"ko": self.title.ko, "en": self.title.en},
            "version": self.version,
            "source": self.source,
        }

    def detail_json(self) -> dict:
        def t(text: Text | None):
            return None if text is None else {"ko": text.ko, "en": text.en}

        steps = []
        for s in self.steps.values():
            entry: dict = {"id": s.id, "kind": s.kind, "title": t(s.title)}
            if s.text:
                entry["text"] = t(s.text)
            if s.next:
                entry["next"] = s.next
            if s.items:
                entry["items"] = [t(i) for i in s.items]
            if s.choices:
                entry["choices"] = [{"label": t(c.label), "next": c.next} for c in s.choices]
            if s.fields:
                entry["fields"] = [
                    {
                        "field": f.field,
                        "label": t(f.label),
                        "required": f.required,
                        "value": f.value,
                        "options": list(f.allowed()),
                    }
                    for f in s.fields
                ]
            if s.action:
                entry["action"] = s.action
            if s.form:
                entry["form"] = t(s.form)
            if s.agency:
                entry["agency"] = t(s.agency)
            if s.phone:
                entry["phone"] = s.phone
            steps.append(entry)
        return {
            **self.as_json(),
            "summary": t(self.summary),
            "start": self.start,
            "keywords": list(self.keywords),
            "path": self.path,
            "legal_basis": [{**t(b.text), "unverified": b.unverified} for b in self.legal_basis],
            "steps": steps,
        }
