"""Starting the desktop application: `counter-app` with no command, or `counter-app --demo`.

Order matters for start-up time: the QApplication, the Korean font and the translators come
first (cheap), the window is shown and painted, the sign-in goes up from a plain-sqlite3 glance
at the office, and the office database proper (SQLAlchemy, the migrations check, the services)
opens behind it off the GUI thread. See main_window.py.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path
from typing import cast

log = logging.getLogger(__name__)


def _data_dir_for(args) -> str | None:
    if not getattr(args, "demo", False) or args.data_dir:
        return args.data_dir
    try:  # a throwaway office: the newcomer sees a working program and touches nothing real
        from counter_app.demo import demo_data_dir

        return str(demo_data_dir())
    except ImportError:
        return tempfile.mkdtemp(prefix="counter_app-demo-")


def run_gui(args) -> int:
    # Qt-free modules first: PySide6 inspects the source of every module imported after it.
    from counter_app import actor, app, errors  # noqa: F401  (what the window and the glance use)
    from counter_app.i18n import set_language
    from counter_app.paths import AppPaths, resolve_data_dir
    from counter_app.settings import Settings

    # isort: split
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.bootstrap import CrashHandler, install_translators, load_korean_font, route_qt_messages
    from counter_app.ui.main_window import MainWindow

    qapp = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    qapp.setApplicationName("counter_app")
    qapp.setOrganizationName("counter_app")
    route_qt_messages()

    data_dir = _data_dir_for(args)
    paths = AppPaths(resolve_data_dir(data_dir)).ensure()
    settings = Settings(paths.settings_file)
    lang = args.lang or settings.get("language")
    if lang not in ("ko", "en"):
        lang = "ko"
    set_language(lang)
    load_korean_font(qapp)
    translators = install_translators(qapp, lang)  # kept referenced for the app's lifetime

    def open_office():
        from counter_app.app import open_context  # SQLAlchemy: loaded after the first paint

        return open_context(paths.root, lang=lang)

    def glance():
        from counter_app.app import glance_office  # plain sqlite3

        return glance_office(paths.database)

    window = MainWindow(context_factory=open_office, office_glance=glance, settings=settings, demo=bool(args.demo))
    crash = CrashHandler(Path(paths.log_file), autosave=window.autosave_drafts, parent_widget=lambda: window)
    crash.install()
    window.show()
    try:
        code = qapp.exec()
    finally:
        crash.uninstall()
        window.dispose()  # joins the background tasks, closes the office (even one still opening)
        del translators
    return int(code)
