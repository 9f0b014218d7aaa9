"""The detail pane of the status page: everything a clerk tells the person at the counter.

Rebuilt on selection (a handful of widgets for one system, never per table row). Feed text is
shown as plain text: Statuspage bodies may hold HTML, and a label must never run it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.status.board import AlternativeView, IncidentView, NoteView, SystemView
from counter_app.ui.status_labels import (
    STATUS_COLOURS,
    alternative_kind_label,
    format_range,
    format_time,
    grade_label,
    incident_status_label,
    pick,
    status_label,
)


def _text(text: str, *, bold: bool = False, selectable: bool = True, object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    if object_name:
        label.setObjectName(object_name)
    return label


def _heading(text: str) -> QLabel:
    label = _text(text, bold=True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.05)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


class AlternativeCard(QFrame):
    """One alternative: kind, label, detail, phone, url, and the guide button when there is one."""

    def __init__(self, alternative: AlternativeView, lang: str = "ko", parent: QWidget | None = None):
        super().__init__(parent)
        self.alternative = alternative
        self.setObjectName("alternativeCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#alternativeCard { border: 1px solid #cfd8dc; border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        top = QHBoxLayout()
        kind = QLabel(alternative_kind_label(alternative.kind))
        kind.setObjectName("alternativeKind")
        kind.setStyleSheet("background: #e3f2fd; color: #0d47a1; border-radius: 3px; padding: 1px 6px;")
        kind.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        top.addWidget(kind)
        top.addWidget(_text(pick(alternative, "label", lang) or "", bold=True), 1)
        layout.addLayout(top)
        detail = pick(alternative, "detail", lang)
        if detail:
            layout.addWidget(_text(detail))
        if alternative.phone:
            layout.addWidget(_text(self.tr("Phone: {phone}").format(phone=alternative.phone)))
        if alternative.url:
            url = QLabel()
            url.setTextFormat(Qt.TextFormat.PlainText)
            url.setText(alternative.url)
            url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            url.setWordWrap(True)
            url.setStyleSheet("color: #0d47a1;")
            layout.addWidget(url)
        self.guide_button: QPushButton | None = None
        if alternative.procedure_id:
            self.guide_button = QPushButton(self.tr("Open the guide"))
            self.guide_button.setObjectName("openGuideButton")
            self.guide_button.setAutoDefault(True)  # Enter on the focused button opens the guide (issue 8)
            self.guide_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            layout.addWidget(self.guide_button, 0, Qt.AlignmentFlag.AlignLeft)


class StatusDetail(QScrollArea):
    procedureRequested = Signal(str)
    watchToggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statusDetail")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # text wraps to the pane's width; a sideways scroll bar would hide the end of every line
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._system_id: str | None = None
        self.alternative_cards: list[AlternativeCard] = []
        self.watch_box: QCheckBox | None = None
        self._pending_body: QWidget | None = None  # made by _fresh(), handed over by _install()
        self.show_empty([])

    @property
    def system_id(self) -> str | None:
        return self._system_id

    def _fresh(self) -> QVBoxLayout:
        """A new, empty body; `_install()` puts it in the scroll area once it is filled (installed
        empty, the area would size it before its word-wrapped labels exist and squash them)."""
        body = QWidget()
        body.setObjectName("statusDetailBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        self.alternative_cards = []
        self.watch_box = None
        self._pending_body = body  # no parent until installed: keep it alive
        return layout

    def _install(self, layout: QVBoxLayout) -> None:
        layout.addStretch(1)
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        assert self._pending_body is not None  # _install() always follows _fresh()
        self.setWidget(self._pending_body)
        self._pending_body = None

    def show_empty(self, general_notes: list[NoteView]) -> None:
        """No system selected: say how to pick one, and show the notes for every system."""
        self._system_id = None
        layout = self._fresh()
        layout.addWidget(
            _text(
                self.tr("Select a system to see its details and the alternatives to offer at the counter."),
                selectable=False,
            )
        )
        if general_notes:
            layout.addWidget(_heading(self.tr("Notes")))
            for note in general_notes:
                layout.addWidget(self._note(note))
        self._install(layout)

    def show_system(
        self, system: SystemView, *, lang: str, watched: bool, notes: list[NoteView], incidents: list[IncidentView]
    ) -> None:
        self._system_id = system.id
        layout = self._fresh()
        name_ko = system.name
        name_en = system.name_en or ""
        primary, secondary = (name_en or name_ko, name_ko) if lang == "en" else (name_ko, name_en)
        title = _text(primary, bold=True, object_name="detailTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        layout.addWidget(title)
        if secondary and secondary != primary:
            layout.addWidget(_text(secondary))

        status = system.status
        chip = QLabel(status_label(status))
        chip.setObjectName("detailStatus")
        chip.setStyleSheet(
            f"background: {STATUS_COLOURS.get(status, STATUS_COLOURS['unknown'])}; color: white;"
            " border-radius: 3px; padding: 2px 8px; font-weight: bold;"
        )
        chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout.addWidget(chip)
        self.watch_box = QCheckBox(self.tr("Watch this system"))
        self.watch_box.setObjectName("detailWatch")
        self.watch_box.setChecked(watched)
        self.watch_box.toggled.connect(lambda on, sid=self._system_id: self.watchToggled.emit(sid, on))
        layout.addWidget(self.watch_box)

        facts = [
            (self.tr("Ministry"), pick(system, "ministry", lang) or ""),
            (self.tr("Grade"), grade_label(system.grade)),
            (self.tr("Status since"), format_time(system.since)),
            (self.tr("Restored at"), format_time(system.restored_at)),
            (self.tr("Source updated"), format_time(system.source_updated_at)),
        ]
        for label, value in facts:
            if value:
                layout.addWidget(_text(f"{label}: {value}"))

        expected = system.expected_recovery
        if expected is None and status != "operational":
            layout.addWidget(
                _text(self.tr("Expected recovery: not announced"), bold=True, object_name="detailExpected")
            )
        if expected is not None and status != "operational":
            layout.addWidget(
                _text(
                    self.tr("Expected recovery: {range}").format(range=format_range(expected)),
                    bold=True,
                    object_name="detailExpected",
                )
            )
            layout.addWidget(
                _text(
                    pick(expected, "note", lang)
                    or self.tr("An estimate from the source, not a promise; check again before telling a date.")
                )
            )

        system_note = pick(system, "note", lang)
        if system_note:
            layout.addWidget(_text(system_note, object_name="detailSystemNote"))

        data_loss = pick(system, "data_loss", lang)
        if data_loss:
            loss = _text(
                self.tr("Data loss: {notice}").format(notice=data_loss), bold=True, object_name="detailDataLoss"
            )
            loss.setStyleSheet(
                "background: #ffebee; color: #b71c1c; border: 1px solid #e57373; border-radius: 3px; padding: 6px;"
            )
            layout.addWidget(loss)

        services = pick(system, "services", lang)
        if services:
            layout.addWidget(_heading(self.tr("Affected services")))
            layout.addWidget(_text(" · ".join(services), object_name="detailServices"))
        limitations = pick(system, "limitations", lang)
        if limitations:
            layout.addWidget(_heading(self.tr("Limited functions")))
            for item in limitations:
                layout.addWidget(_text(f"• {item}"))

        layout.addWidget(_heading(self.tr("Alternatives")))
        if not system.alternatives:
            layout.addWidget(
                _text(self.tr("No alternative is listed. Take the application on paper and call 120 for guidance."))
            )
        for alternative in system.alternatives:
            self._add_card(layout, alternative, lang)
        # procedure ids listed on the system without an alternative that names them
        carded = {a.procedure_id for a in system.alternatives if a.procedure_id}
        for procedure_id in system.procedure_ids:
            if procedure_id not in carded:
                self._add_card(
                    layout,
                    AlternativeView(kind="other", label=self.tr("Counter procedure"), procedure_id=procedure_id),
                    lang,
                )

        if incidents:
            layout.addWidget(_heading(self.tr("Incidents")))
            for incident in incidents:
                state = incident_status_label(incident.status)
                incident_title = pick(incident, "title", lang) or ""
                layout.addWidget(_text(f"{incident_title} — {state}" if state else incident_title, bold=True))
                for update in incident.updates:
                    layout.addWidget(_text(f"{format_time(update.at)}  {pick(update, 'body', lang) or ''}"))

        if notes:
            layout.addWidget(_heading(self.tr("Notes")))
            for note in notes:
                layout.addWidget(self._note(note))
        self._install(layout)

    def _add_card(self, layout: QVBoxLayout, alternative: AlternativeView, lang: str) -> None:
        card = AlternativeCard(alternative, lang)
        if card.guide_button is not None:
            card.guide_button.clicked.connect(
                lambda _=False, pid=alternative.procedure_id: self.procedureRequested.emit(pid)
            )
        self.alternative_cards.append(card)
        layout.addWidget(card)

    def _note(self, note: NoteView) -> QLabel:
        label = _text(
            self.tr("{when} · {author}: {body}").format(
                when=format_time(note.at), author=note.author_name or note.author, body=note.body
            )
        )
        label.setObjectName("detailNote")
        label.setStyleSheet("background: #fffde7; padding: 4px; border-radius: 3px;")
        return label

    def set_watched(self, watched: bool) -> None:
        if self.watch_box is not None and self.watch_box.isChecked() != watched:
            self.watch_box.blockSignals(True)
            self.watch_box.setChecked(watched)
            self.watch_box.blockSignals(False)
