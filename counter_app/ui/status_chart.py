"""Restoration over time, drawn with QPainter (QtCharts is not in PySide6-Essentials).

Two series from Board.progress (ProgressPointView: at, restored, total; oldest first):
- restored: a solid line with a light fill;
- total: its own dashed STEP line, because the denominator changed mid-incident (647 -> 709 on
  9 Oct 2025) and a ratio alone would hide that; each change is labelled "647 → 709".
Everything scales to the widget size; text uses the widget's font (the app sets NanumGothic).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from counter_app.clock import KST
from counter_app.status.board import GradeSummary, ProgressPointView
from counter_app.ui.status_labels import STATUS_COLOURS, grade_label

RESTORED_COLOUR = QColor(STATUS_COLOURS["operational"])
TOTAL_COLOUR = QColor("#455a64")
GRID_COLOUR = QColor("#e0e0e0")
AXIS_COLOUR = QColor("#9e9e9e")
TEXT_COLOUR = QColor("#37474f")

_DAY_STEPS = (1, 2, 3, 7, 14, 30, 61, 91, 182, 365)


def nice_step(span: float, max_ticks: int) -> float:
    """A 1/2/2.5/5 x 10^k step giving at most `max_ticks` ticks over `span`."""
    if span <= 0 or max_ticks <= 0:
        return 1.0
    raw = span / max_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return float(factor * magnitude)
    return float(10 * magnitude)


class RestorationChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._points: list[tuple[dt.datetime, int, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)
        self.setAccessibleName(self.tr("Restoration over time"))

    # ------------------------------------------------------------ data
    def set_points(self, progress: Iterable[ProgressPointView]) -> None:
        points = [(p.at, p.restored, p.total) for p in progress]
        points.sort(key=lambda p: p[0])
        self._points = points
        if points:
            at, restored, total = points[-1]
            self.setAccessibleDescription(
                self.tr("{restored} of {total} restored on {date}").format(
                    restored=restored, total=total, date=at.astimezone(KST).strftime("%Y-%m-%d")
                )
            )
        self.update()

    def points(self) -> list[tuple[dt.datetime, int, int]]:
        return list(self._points)

    def total_changes(self) -> list[tuple[dt.datetime, int, int]]:
        """(when, old total, new total) for every change of the denominator."""
        changes = []
        for (_, _, before), (at, _, after) in zip(self._points, self._points[1:]):
            if before != after and before and after:
                changes.append((at, before, after))
        return changes

    def sizeHint(self) -> QSize:
        return QSize(520, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 140)

    # ------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), self.palette().base())
            if not self._points:
                painter.setPen(TEXT_COLOUR)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No restoration history yet"))
                return
            self._paint_chart(painter)
        finally:
            painter.end()

    def _paint_chart(self, painter: QPainter) -> None:
        fm = painter.fontMetrics()
        line_h = fm.height()
        y_max_value = max(max(p[2], p[1]) for p in self._points) or 1
        y_step = nice_step(y_max_value, max(2, int((self.height() - 3 * line_h) / (line_h * 2))))
        y_top_value = math.ceil(y_max_value * 1.05 / y_step) * y_step
        left = fm.horizontalAdvance(f"{int(y_top_value)}") + 12
        plot = QRectF(left, line_h * 1.8, self.width() - left - 14, self.height() - line_h * 3.4)
        if plot.width() < 20 or plot.height() < 20:
            return

        t0, t1 = self._points[0][0], self._points[-1][0]
        if t1 <= t0:  # one snapshot: give it a day either side
            t0, t1 = t0 - dt.timedelta(days=1), t1 + dt.timedelta(days=1)
        span = (t1 - t0).total_seconds()

        def x_of(at: dt.datetime) -> float:
            return plot.left() + (at - t0).total_seconds() / span * plot.width()

        def y_of(value: float) -> float:
            return plot.bottom() - value / y_top_value * plot.height()

        # grid and y labels
        painter.setPen(QPen(GRID_COLOUR, 1))
        value = 0.0
        while value <= y_top_value + 1e-9:
            y = y_of(value)
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT_COLOUR)
            painter.drawText(
                QRectF(0, y - line_h / 2, left - 6, line_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{int(value)}",
            )
            value += y_step

        self._paint_date_axis(painter, plot, t0, t1, x_of)

        # restored: filled area + line
        path = QPainterPath()
        for i, (at, restored, _) in enumerate(self._points):
            point = QPointF(x_of(at), y_of(restored))
            path.moveTo(point) if i == 0 else path.lineTo(point)
        area = QPainterPath(path)
        area.lineTo(QPointF(x_of(self._points[-1][0]), plot.bottom()))
        area.lineTo(QPointF(x_of(self._points[0][0]), plot.bottom()))
        area.closeSubpath()
        fill = QColor(RESTORED_COLOUR)
        fill.setAlpha(40)
        painter.fillPath(area, fill)
        painter.setPen(QPen(RESTORED_COLOUR, 2.2))
        painter.drawPath(path)
        if len(self._points) <= 60:
            painter.setBrush(RESTORED_COLOUR)
            for at, restored, _ in self._points:
                painter.drawEllipse(QPointF(x_of(at), y_of(restored)), 2.5, 2.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)

        # total: a step line (the value holds until the next snapshot), dashed
        step = QPainterPath()
        first_at, _, first_total = self._points[0]
        step.moveTo(QPointF(x_of(first_at), y_of(first_total)))
        previous_total = first_total
        for at, _, total in self._points[1:]:
            step.lineTo(QPointF(x_of(at), y_of(previous_total)))
            step.lineTo(QPointF(x_of(at), y_of(total)))
            previous_total = total
        step.lineTo(QPointF(plot.right(), y_of(previous_total)))
        painter.setPen(QPen(TOTAL_COLOUR, 1.8, Qt.PenStyle.DashLine))
        painter.drawPath(step)

        # label each change of the denominator, e.g. 647 -> 709
        painter.setPen(TOTAL_COLOUR)
        for at, before, after in self.total_changes():
            text = f"{before} → {after}"
            width = fm.horizontalAdvance(text) + 4
            x = min(max(x_of(at) + 4, plot.left()), plot.right() - width)
            painter.drawText(
                QRectF(x, y_of(max(before, after)) - line_h - 2, width, line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

        # axes
        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        self._paint_legend(painter, plot, line_h)

    def _paint_date_axis(self, painter, plot: QRectF, t0, t1, x_of) -> None:
        fm = painter.fontMetrics()
        label_w = fm.horizontalAdvance("00-00") + 14
        max_labels = max(1, int(plot.width() / label_w))
        days = max(1.0, (t1 - t0).total_seconds() / 86400)
        step_days = next((s for s in _DAY_STEPS if days / s <= max_labels), _DAY_STEPS[-1])
        local0 = t0.astimezone(KST)
        day = local0.replace(hour=0, minute=0, second=0, microsecond=0)
        if day < local0:
            day += dt.timedelta(days=1)
        show_year = t0.astimezone(KST).year != t1.astimezone(KST).year
        painter.setPen(TEXT_COLOUR)
        while day <= t1:
            x = x_of(day)
            painter.setPen(QPen(GRID_COLOUR, 1))
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.setPen(TEXT_COLOUR)
            text = day.strftime("%y-%m-%d" if show_year else "%m-%d")
            width = fm.horizontalAdvance(text)
            painter.drawText(
                QRectF(x - width / 2 - 2, plot.bottom() + 4, width + 4, fm.height()), Qt.AlignmentFlag.AlignCenter, text
            )
            day += dt.timedelta(days=step_days)
        # the year once, top right, so "10-09" is never ambiguous
        if not show_year:
            painter.drawText(
                QRectF(plot.left(), 0, plot.width(), fm.height() * 1.6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.tr("{year} (KST)").format(year=local0.year),
            )

    def _paint_legend(self, painter, plot: QRectF, line_h: float) -> None:
        fm = painter.fontMetrics()
        items = [
            (self.tr("Restored"), QPen(RESTORED_COLOUR, 2.2)),
            (self.tr("Total systems"), QPen(TOTAL_COLOUR, 1.8, Qt.PenStyle.DashLine)),
        ]
        x = plot.left()
        y = line_h * 0.9
        for text, pen in items:
            painter.setPen(pen)
            painter.drawLine(QPointF(x, y), QPointF(x + 22, y))
            painter.setPen(TEXT_COLOUR)
            width = fm.horizontalAdvance(text)
            painter.drawText(QRectF(x + 26, y - line_h / 2, width + 4, line_h), Qt.AlignmentFlag.AlignVCenter, text)
            x += 26 + width + 18


class GradeBars(QWidget):
    """Restored/total per criticality grade (1 = most critical) as four small bars."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._grades: list[tuple[str, int, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Restored by grade"))

    def set_grades(self, by_grade: dict[str, GradeSummary]) -> None:
        grades = [
            (key, by_grade[key].restored, by_grade[key].total) for key in sorted(by_grade, key=lambda k: (len(k), k))
        ]
        self._grades = grades
        self.setAccessibleDescription(
            ", ".join(
                self.tr("grade {grade}: {restored} of {total}").format(grade=g, restored=r, total=t)
                for g, r, t in grades
            )
        )
        self.updateGeometry()
        self.update()

    def grades(self) -> list[tuple[str, int, int]]:
        return list(self._grades)

    def sizeHint(self) -> QSize:
        line_h = self.fontMetrics().height()
        return QSize(300, max(1, len(self._grades)) * (line_h + 4))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            fm = painter.fontMetrics()
            line_h = fm.height()
            label_w = max((fm.horizontalAdvance(grade_label(g)) for g, _, _ in self._grades), default=0) + 8
            count_w = fm.horizontalAdvance("000/000 (100%)") + 8
            bar_w = max(20, self.width() - label_w - count_w)
            for i, (grade, restored, total) in enumerate(self._grades):
                y = i * (line_h + 4)
                painter.setPen(TEXT_COLOUR)
                painter.drawText(QRectF(0, y, label_w, line_h), Qt.AlignmentFlag.AlignVCenter, grade_label(grade))
                bar = QRectF(label_w, y + 3, bar_w, line_h - 6)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(GRID_COLOUR)
                painter.drawRoundedRect(bar, 3, 3)
                ratio = restored / total if total else 0.0
                painter.setBrush(RESTORED_COLOUR)
                painter.drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * ratio, bar.height()), 3, 3)
                painter.setPen(TEXT_COLOUR)
                percent = f"{restored}/{total} ({ratio * 100:.0f}%)"
                painter.drawText(
                    QRectF(label_w + bar_w + 6, y, count_w, line_h), Qt.AlignmentFlag.AlignVCenter, percent
                )
        finally:
            painter.end()
