"""Command line (contracts.md §1): `counter-app [--data-dir DIR] [--lang ko|en] [COMMAND ...]`.

No command starts the desktop application. Each area registers its subcommands from
counter_app/commands/<area>.py; a handler receives the parsed args and a `Runner` that opens the
office context on demand. Exit status: 0 done, 1 failed (one sentence on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import logging
import os
import sys
from collections.abc import Callable

from counter_app import __version__
from counter_app.errors import UserError
from counter_app.i18n import Msg, current_language, set_language

log = logging.getLogger(__name__)

# Modules under counter_app/commands that register subcommands, in help order.
COMMAND_MODULES = (
    "office",
    "operator",
    "intake",
    "queue",
    "status",
    "audit",
    "procedures",
    "documents",
    "sync",
    "planned",
    "serve",
)

ENV_PASSPHRASE = "COUNTER_APP_PASSPHRASE"
ENV_OPERATOR_PIN = "COUNTER_APP_OPERATOR_PIN"  # the PIN of the --operator (contracts.md §1)


def secret_from_env_or_terminal(env_var: str, needed: Msg, prompt: Msg) -> str:
    """A secret from the environment (scripts) or typed without echo (people); never an argument,
    so it cannot leak through the process list or shell history."""
    value = os.environ.get(env_var)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(
            Msg(
                f"{needed.ko}: {env_var} 환경 변수를 설정하거나 터미널에서 실행하십시오.",
                f"{needed.en}: set {env_var} or run from a terminal.",
            )
        )
    import getpass

    return getpass.getpass(prompt.text())


class Runner:
    """What a command handler needs from the outside world, created lazily."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self._ctx = None
        self._actor = None
        self._passphrase: str | None = None

    def ctx(self):
        if self._ctx is None:
            from counter_app.app import open_context

            self._ctx = open_context(self.args.data_dir, lang=self.args.lang)
        return self._ctx

    def actor(self):
        """Who does the work. With --operator ID: that operator, once the id's format and then the
        operator's PIN ($COUNTER_APP_OPERATOR_PIN, else asked without echo) pass the same checks
        and lock-out as the GUI sign-in. Without: the unauthenticated OS user ("os:<user>")."""
        if self._actor is None:
            from counter_app.actor import os_actor

            op = getattr(self.args, "operator", None)
            if op is None:
                self._actor = os_actor()
            else:
                from counter_app.accounts import check_staff_id

                staff_id = check_staff_id(op)  # before anything is opened, asked or echoed
                ctx = self.ctx()
                ctx.office.require()
                pin = secret_from_env_or_terminal(
                    ENV_OPERATOR_PIN,
                    Msg(f"직원 {staff_id}의 PIN이 필요합니다", f"The PIN of operator {staff_id} is needed"),
                    Msg(f"{staff_id}의 PIN: ", f"PIN for {staff_id}: "),
                )
                self._actor = ctx.accounts.sign_in(staff_id, pin, via="cli")
        return self._actor

    def supervisor(self):
        """The authenticated supervisor doing supervisor work: --operator must name a supervisor
        (checked with its PIN, see `actor`) AND the supervisor passphrase must be given; a wrong
        passphrase is audited and throttled (accounts.PassphraseGuard)."""
        ctx = self.ctx()
        ctx.office.require()
        if getattr(self.args, "operator", None) is None:
            raise UserError(
                Msg(
                    "감독자 작업입니다: --operator에 감독자의 직원 번호를 지정하십시오.",
                    "This is supervisor work: give --operator with a supervisor's staff ID.",
                )
            )
        actor = self.actor()
        if not actor.is_supervisor:
            raise UserError(Msg("감독자만 할 수 있는 작업입니다.", "Only a supervisor may do this."))
        ctx.office.check_passphrase(self.passphrase(), by=actor.id)
        return actor

    def passphrase(self, prompt: Msg | None = None) -> str:
        """Supervisor passphrase: $COUNTER_APP_PASSPHRASE when set, else asked on the terminal —
        once per command (the supervisor check and unlocking the office key use the same one)."""
        if prompt is not None:  # a differently worded question (a new passphrase): asked as such
            return secret_from_env_or_terminal(
                ENV_PASSPHRASE, Msg("감독자 암호가 필요합니다", "The supervisor passphrase is needed"), prompt
            )
        if self._passphrase is None:
            self._passphrase = secret_from_env_or_terminal(
                ENV_PASSPHRASE,
                Msg("감독자 암호가 필요합니다", "The supervisor passphrase is needed"),
                Msg("감독자 암호: ", "Supervisor passphrase: "),
            )
        return self._passphrase

    def print_json(self, document) -> None:
        # C1 and bidi characters written as \\uXXXX: the same JSON, inert on a terminal (textout.py)
        from counter_app.textout import escape_json_text

        sys.stdout.write(escape_json_text(json.dumps(document, ensure_ascii=False, indent=2, default=str)) + "\n")

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-app",
        description="counter_app — 전산장애 시 민원 창구 업무 지원 / counter support during system outages",
    )
    parser.add_argument("--version", action="version", version=f"counter_app {__version__}")
    parser.add_argument(
        "--data-dir", help="office data directory (default: $COUNTER_APP_DATA_DIR or the user data dir)"
    )
    parser.add_argument("--lang", choices=("ko", "en"), help="language (default: the setting, Korean)")
    parser.add_argument(
        "--operator",
        metavar="ID",
        help="your staff ID; believed after your PIN ($COUNTER_APP_OPERATOR_PIN, else asked). "
        "Default: the OS user, recorded as unauthenticated",
    )
    parser.add_argument("--demo", action="store_true", help="start the desktop application on a ready demo office")
    parser.add_argument(
        "--lobby",
        action="store_true",
        help="open the waiting-room display: full screen, read-only, the status board in large type "
        "(Ctrl+Alt+Shift+Q closes it)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"counter_app.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from counter_app.logsetup import quiet_until_configured

    quiet_until_configured()  # no traceback on the terminal, whatever fails before the log is open
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
        return int(exc.code or 0)
    if args.lang:
        set_language(args.lang)
    handler: Callable | None = getattr(args, "handler", None)
    if handler is None:
        if args.command:  # a command that needs an ACTION, given none: its usage, exit 2
            subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            subparsers.choices[args.command].print_usage(sys.stderr)
            return 2
        from counter_app.ui.launch import run_gui  # imported only for the GUI path

        try:
            if getattr(args, "lobby", False):
                from counter_app.ui.lobby import run_lobby

                return run_lobby(args)
            return run_gui(args)
        except UserError as exc:  # before any window: e.g. a --data-dir that is a file
            from counter_app.textout import escape

            sys.stderr.write(escape(exc.text(current_language()), keep="\n") + "\n")
            return 1
    from counter_app.textout import SafeTextStream

    runner = Runner(args)
    real_stdout = sys.stdout
    sys.stdout = SafeTextStream(real_stdout)  # no text output can drive the reader's terminal
    try:
        if getattr(args, "operator", None) is not None and not getattr(args, "no_operator_sign_in", False):
            runner.actor()  # an --operator is checked (id, PIN) for every command, reading ones too
        code = int(handler(args, runner) or 0)
        sys.stdout.flush()  # a reader that went away (`| head`) shows up here, not at exit
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except UserError as exc:
        from counter_app.textout import escape

        sys.stderr.write(escape(exc.text(current_language()), keep="\n") + "\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(Msg("중단했습니다.", "Interrupted.").text() + "\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - last resort: one sentence, details (no personal data) in the log
        name = type(exc).__name__
        if _log_unexpected(args, exc):
            msg = Msg(
                f"예상하지 못한 오류로 실패했습니다({name}). 자세한 내용은 데이터 폴더의 logs/counter_app.log에 있습니다.",
                f"Failed with an unexpected error ({name}); details are in logs/counter_app.log in the data folder.",
            )
        else:
            msg = Msg(
                f"예상하지 못한 오류로 실패했습니다({name}). 로그 파일을 열 수 없어 자세한 내용을 기록하지 못했습니다.",
                f"Failed with an unexpected error ({name}); the log file could not be opened, so no details were recorded.",
            )
        sys.stderr.write(msg.text() + "\n")
        return 1
    finally:
        sys.stdout = real_stdout
        runner.close()


def _reader_went_away() -> int:
    """stdout's reader closed the pipe (`counter-app audit list | head`): what it wanted it has;
    end quietly, exit 0. Python's own flush at exit would fail again on the dead pipe and print
    "Exception ignored ... BrokenPipeError", so stdout is pointed at the null device first."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # a stdout that is not a file descriptor (tests capture it): nothing to redirect
    return 0


def _log_unexpected(args: argparse.Namespace, exc: BaseException) -> bool:
    """Write the failure (frames and types, no messages: logsetup.SafeFormatter) to this data
    directory's log, opening it if the command failed before the office was opened. False when
    there is no log to write to (no or a read-only data directory)."""
    from counter_app import logsetup
    from counter_app.paths import PRIVATE_UMASK, AppPaths, resolve_data_dir

    try:
        paths = AppPaths(resolve_data_dir(args.data_dir))
        if (
            logsetup.active_log_file() != paths.log_file
            and paths.root.is_dir()
            and os.access(paths.root, os.W_OK | os.X_OK)
        ):
            os.umask(PRIVATE_UMASK)
            logsetup.configure_logging(paths.log_file)
        if logsetup.active_log_file() != paths.log_file:
            return False
        action = next((getattr(args, k) for k in vars(args) if k.endswith("_command") and getattr(args, k)), "")
        log.error("command %s %s failed", args.command, action, exc_info=exc)
        for h in logging.getLogger().handlers:
            h.flush()
        return True
    except Exception:  # noqa: BLE001 - the error path must not fail in its turn
        return False
