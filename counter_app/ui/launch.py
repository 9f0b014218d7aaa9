"""Starting the desktop application: `counter-app` with no command, or `counter-app --demo`.

Order matters for start-up time: the QApplication, the Korean font and the translators come
first (cheap), the window is shown and painted, and only then is the office database opened
(SQLAlchemy, migrations check) by the window itself. See main_window.py.
"""
from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

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
    from PySide6.QtWidgets import QApplication

    from counter_app.i18n import set_language
    from counter_app.paths import AppPaths, resolve_data_dir
    from counter_app.settings import Settings
    from counter_app.ui.bootstrap import (CrashHandler, install_translators, load_korean_font,
                                          route_qt_messages)
    from counter_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("counter_app")
    app.setOrganizationName("counter_app")
    route_qt_messages()

    data_dir = _data_dir_for(args)
    paths = AppPaths(resolve_data_dir(data_dir)).ensure()
    lang = args.lang or Settings(paths.settings_file).get("language")
    if lang not in ("ko", "en"):
        lang = "ko"
    set_language(lang)
    load_korean_font(app)
    translators = install_translators(app, lang)  # kept referenced for the app's lifetime

    def open_office():
        from counter_app.app import open_context  # SQLAlchemy: loaded after the first paint

        return open_context(paths.root, lang=lang)

    window = MainWindow(context_factory=open_office, demo=bool(args.demo))
    crash = CrashHandler(Path(paths.log_file), autosave=window.autosave_drafts, parent_widget=lambda: window)
    crash.install()
    window.show()
    try:
        code = app.exec()
    finally:
        crash.uninstall()
        if window.ctx is not None:
            window.ctx.close()
        del translators
    return int(code)
