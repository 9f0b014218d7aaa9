"""Process-wide Qt set-up the launcher does once: fonts, translators, Qt logging, crash handling.

Kept apart from launch.py so tests can install the same translators and crash handler the real
program uses, without starting the whole application.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QObject,
    Qt,
    QtMsgType,
    QTranslator,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter_app.resources import resource_path

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")


# ---------------------------------------------------------------- fonts
def load_korean_font(app: QApplication, point_size: int = 10) -> str | None:
    """Register the shipped NanumGothic and make it the application font.

    A counter PC may have no Korean font at all; without this Hangul renders as empty boxes.
    Returns the family name, or None when the font files are missing (logged, not fatal).
    """
    family = None
    for name in FONT_FILES:
        path = resource_path("fonts", name)
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", name)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        family = family or (families[0] if families else None)
    if family:
        font = QFont(family)
        font.setPointSize(point_size)
        app.setFont(font)
    return family


# ---------------------------------------------------------------- translations
def translation_files(lang: str) -> list[Path]:
    """Every area's catalogue for `lang` (counter_app_ko.qm, status_ko.qm, ...), sorted."""
    folder = resource_path("translations")
    return sorted(folder.glob(f"*_{lang}.qm")) if folder.is_dir() else []


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install our catalogues plus Qt's own (standard buttons) for `lang`.

    English is the source language, so nothing is installed for it. The caller keeps the list
    (a QTranslator must outlive its installation) and may pass it to remove_translators().
    """
    installed: list[QTranslator] = []
    if lang == "en":
        return installed
    candidates = [str(p) for p in translation_files(lang)]
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = Path(qt_dir) / f"qtbase_{lang}.qm"
    if qtbase.exists():
        candidates.append(str(qtbase))
    for path in candidates:
        translator = QTranslator(app)
        if translator.load(path):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("could not load translation %s", Path(path).name)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)


# ---------------------------------------------------------------- Qt messages -> logging
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message_handler(mode, context, message) -> None:
    category = getattr(context, "category", None) or "default"
    qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "[%s] %s", category, message)


def route_qt_messages() -> None:
    qInstallMessageHandler(_qt_message_handler)


# ---------------------------------------------------------------- crash handling
def describe_exception(exc_type, exc, tb) -> str:
    """Exception type and stack only: the message may hold personal data, so it is left out."""
    frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
    name = getattr(exc_type, "__qualname__", str(exc_type))
    module = getattr(exc_type, "__module__", "")
    return f"Traceback (most recent call last):\n{frames}{module}.{name} (message withheld)"


class CrashHandler(QObject):
    """sys.excepthook + threading.excepthook: log, save drafts, tell the user, keep running.

    `autosave` is called first (the open intake page saves its draft); `log_file` is named in
    the dialog. A worker thread's exception is handed to the GUI thread through a signal.
    """

    crashed = Signal(str)  # the log text; emitted on the GUI thread
    _from_thread = Signal(object, object, object)

    def __init__(
        self,
        log_file: Path,
        autosave: Callable[[], None] | None = None,
        parent_widget: Callable[[], QWidget | None] | None = None,
        show_dialog: bool = True,
    ):
        super().__init__()
        self.log_file = log_file
        self.autosave = autosave
        self.parent_widget = parent_widget
        self.show_dialog = show_dialog
        self.dialog: QMessageBox | None = None
        self._previous: Callable[..., object] | None = None  # the hooks install() replaced
        self._previous_thread: Callable[..., object] | None = None
        self._handling = False
        self._from_thread.connect(self.handle)

    def install(self) -> None:
        self._previous, sys.excepthook = sys.excepthook, self.handle
        self._previous_thread, threading.excepthook = threading.excepthook, self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook = self._previous
        if self._previous_thread is not None:
            threading.excepthook = self._previous_thread

    def _thread_hook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        self._from_thread.emit(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        text = describe_exception(exc_type, exc, tb)
        log.critical("unhandled error\n%s", text)
        if self._handling:  # an error while handling an error: log only, never loop
            return
        self._handling = True
        try:
            if self.autosave is not None:
                try:
                    self.autosave()
                except Exception as save_exc:  # keep going: the dialog matters more
                    log.error("autosave after a crash failed: %s", type(save_exc).__name__)
            if self.show_dialog:
                self._show(exc_type)
            self.crashed.emit(text)
        finally:
            self._handling = False

    def _show(self, exc_type) -> None:
        parent = self.parent_widget() if self.parent_widget else None
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("counter_app — error"))
        box.setText(self.tr("An error occurred. Your saved data is safe."))
        box.setInformativeText(
            self.tr(
                "The program keeps running. If the problem repeats, give the log file to your IT "
                "support. The log is at:\n{path}"
            ).format(path=self.log_file)
        )
        box.setDetailedText(f"{exc_type.__module__}.{exc_type.__qualname__}")
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # Qt frees it, never a GC pass mid-event
        box.open()  # not exec(): a nested event loop inside an excepthook invites re-entrancy
        self.dialog = box
