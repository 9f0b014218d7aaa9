"""`counter-app office ...` and `counter-app operator ...` as district IT staff script them:
exit 0 done, 1 refused (one sentence on stderr), 2 usage; secrets from the environment."""

from __future__ import annotations

import io
import json

import pytest

from counter_app.cli import main
from counter_app.errors import UserError

PASS = "correct horse battery"
PIN = "573916"  # the first supervisor's (S001), from COUNTER_APP_PIN at office init
CLERK_PIN = "284061"
SUPERVISOR = ("--operator", "S001")  # supervisor work: S001 signs in with COUNTER_APP_OPERATOR_PIN


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASS)
    monkeypatch.setenv("COUNTER_APP_PIN", PIN)
    monkeypatch.setenv("COUNTER_APP_OPERATOR_PIN", PIN)
    return monkeypatch


@pytest.fixture
def run(data_dir, capsys):
    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), "--lang", "en", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    _run.data_dir = data_dir
    return _run


INIT = ("office", "init", "--code", "2611051000", "--terminal", "T1", "--official", "김담당")


def data_dir_of(run):
    return run.data_dir


def one_sentence(err: str) -> bool:
    return err.count("\n") == 1 and "Traceback" not in err


def test_init_creates_office_and_first_supervisor(env, run):
    code, out, err = run(*INIT, "--phone", "051-600-4000", "--address", "부산광역시 중구 중앙대로 100")
    assert code == 0, err
    assert "부산광역시 중구 중앙동 행정복지센터" in out and "S001" in out and "contact" not in out
    code, out, _ = run("office", "show", "--json")
    info = json.loads(out)
    assert (info["hdong_code"], info["terminal"], info["official"], info["phone"]) == (
        "2611051000",
        "T1",
        "김담당",
        "051-600-4000",
    )
    assert "passphrase_hash" not in out and "key" not in out
    code, out, _ = run("operator", "list", "--json")
    assert json.loads(out)["operators"] == [
        {
            "staff_id": "S001",
            "name": "김담당",
            "role": "supervisor",
            "active": True,
            "locked_until": None,
            "failed_attempts": 0,
            "created_at": json.loads(out)["operators"][0]["created_at"],
        }
    ]
    code, out, _ = run("audit", "verify")
    assert code == 0 and "All 2 audit entries" in out and "intact" in out
    assert oct((data_dir_of(run) / "pin.key").stat().st_mode & 0o777) == "0o600"


def test_init_names_the_supervisor_and_reminds_of_the_contact(env, run):
    code, out, err = run(*INIT, "--supervisor-id", "S010", "--supervisor-name", "이영희")
    assert code == 0, err
    assert "set-contact" in out  # 시행령 제31조: notices need a contact
    _, out, _ = run("operator", "list")
    assert out.split() == ["S010", "이영희", "supervisor", "active"]
    code, out, _ = run("office", "show")
    assert "Terminal: T1" in out and "Phone: -" in out


def test_init_refuses_to_overwrite(env, run):
    assert run(*INIT)[0] == 0
    code, out, err = run("office", "init", "--code", "2611052000", "--terminal", "T2", "--official", "박담당")
    assert code == 1 and out == "" and one_sentence(err)
    assert "already set up" in err and "not overwritten" in err
    _, out, _ = run("office", "show", "--json")
    assert json.loads(out)["terminal"] == "T1"


@pytest.mark.parametrize(
    "args, says",
    [
        (("--code", "9999999999", "--terminal", "T1", "--official", "김담당"), "9999999999"),
        (("--code", "2611051000", "--terminal", "T-1", "--official", "김담당"), "terminal id"),
        (("--code", "2611051000", "--terminal", "T1", "--official", "김담당", "--phone", "12"), "office phone"),
        (("--code", "2611051000", "--terminal", "T1", "--official", "김담당", "--supervisor-id", "S 1"), "staff ID"),
    ],
)
def test_init_refuses_bad_input_before_asking_for_secrets(run, args, says):
    # no passphrase in the environment and no terminal: the input error must come first
    code, _, err = run("office", "init", *args)
    assert code == 1 and one_sentence(err) and says in err
    assert run("office", "show")[0] == 1  # nothing was created


@pytest.mark.parametrize(
    "argv",
    [
        ("office", "init", "--code", "2611051000", "--terminal", "T1"),  # --official missing
        ("office",),
        ("office", "frobnicate"),
        ("operator", "add", "--staff-id", "C001", "--name", "x", "--role", "admin"),
    ],
)
def test_usage_errors_exit_2(run, argv):
    assert run(*argv)[0] == 2


def test_passphrase_comes_from_the_environment(env, run):
    env.setenv("COUNTER_APP_PASSPHRASE", "short")
    code, _, err = run(*INIT)
    assert code == 1 and "at least 8 characters" in err
    env.setenv("COUNTER_APP_PASSPHRASE", "another good passphrase")
    assert run(*INIT)[0] == 0
    env.setenv("COUNTER_APP_NEW_PIN", CLERK_PIN)
    code, _, err = run(*SUPERVISOR, "operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")
    assert code == 0, err
    env.setenv("COUNTER_APP_PASSPHRASE", PASS)  # not this office's passphrase
    code, _, err = run(*SUPERVISOR, "operator", "add", "--staff-id", "C002", "--name", "박민수", "--role", "clerk")
    assert code == 1 and "passphrase is wrong" in err


def test_without_passphrase_and_terminal_nothing_is_created(monkeypatch, run):
    monkeypatch.setenv("COUNTER_APP_PIN", PIN)
    code, _, err = run(*INIT)
    assert code == 1 and one_sentence(err) and "COUNTER_APP_PASSPHRASE" in err
    assert run("office", "show")[0] == 1


def test_bad_pin_creates_nothing(env, run):
    env.setenv("COUNTER_APP_PIN", "5739")  # the old 4-digit length
    code, _, err = run(*INIT)
    assert code == 1 and "6 to 12 digits" in err
    assert run("office", "show")[0] == 1
    env.setenv("COUNTER_APP_PIN", "123456")
    code, _, err = run(*INIT)
    assert code == 1 and "run" in err and one_sentence(err)
    assert run("office", "show")[0] == 1
    env.setenv("COUNTER_APP_PIN", PIN)
    assert run(*INIT)[0] == 0  # nothing half-made stands in the way


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_typed_passphrase_must_be_repeated(monkeypatch, run):
    monkeypatch.setenv("COUNTER_APP_PIN", PIN)
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    answers = iter(["first passphrase", "other passphrase"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(*INIT)
    assert code == 1 and "differ" in err
    answers = iter(["first passphrase", "first passphrase"])
    code, _, err = run(*INIT)
    assert code == 0, err
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", "first passphrase")
    monkeypatch.setenv("COUNTER_APP_OPERATOR_PIN", PIN)
    assert run(*SUPERVISOR, "office", "set-contact", "--phone", "0516004000")[0] == 0


def test_operator_add_list_unlock(env, run, data_dir):
    assert run(*INIT)[0] == 0
    env.setenv("COUNTER_APP_NEW_PIN", CLERK_PIN)
    code, out, err = run(*SUPERVISOR, "operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")
    assert code == 0 and "C001" in out, err
    code, _, err = run(*SUPERVISOR, "operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")
    assert code == 1 and "already registered" in err
    # the clerk C001, signed in with the right PIN and holding the passphrase, is still no supervisor
    env.setenv("COUNTER_APP_OPERATOR_PIN", CLERK_PIN)
    code, _, err = run("--operator", "C001", "operator", "add", "--staff-id", "C002", "--name", "x", "--role", "clerk")
    assert code == 1 and "Only a supervisor" in err
    env.setenv("COUNTER_APP_OPERATOR_PIN", PIN)
    code, out, _ = run("operator", "list", "--json")
    assert [(o["staff_id"], o["role"]) for o in json.loads(out)["operators"]] == [
        ("C001", "clerk"),
        ("S001", "supervisor"),
    ]

    from counter_app.app import open_context

    ctx = open_context(data_dir)
    try:
        for _ in range(5):
            with pytest.raises(UserError):
                ctx.accounts.sign_in("C001", "000999")
    finally:
        ctx.close()
    code, out, _ = run("operator", "list")
    assert "locked until" in out
    assert run(*SUPERVISOR, "operator", "unlock", "--staff-id", "C001")[0] == 0
    code, out, _ = run("operator", "list", "--json")
    assert json.loads(out)["operators"][0]["locked_until"] is None
    code, out, _ = run("audit", "list", "--json")
    actions = [e["action"] for e in json.loads(out)["entries"]]
    assert "operator.unlock" in actions and "operator.locked" in actions


def test_office_commands_need_an_office(env, run):
    for argv in (
        ("office", "show"),
        ("operator", "list"),
        ("operator", "add", "--staff-id", "C1", "--name", "x", "--role", "clerk"),
    ):
        code, _, err = run(*argv)
        assert code == 1 and "office init" in err


# ---------------------------------------------------------------- who is at the command line
def audit_entries(run) -> list[dict]:
    _, out, _ = run("audit", "list", "--limit", "1000", "--json")
    return json.loads(out)["entries"]


def test_a_new_account_never_gets_the_pin_of_counter_app_pin(env, run, monkeypatch):
    """COUNTER_APP_PIN is the first supervisor's (office init); operator add asks for the new
    account's own PIN, or takes COUNTER_APP_NEW_PIN, and never silently copies another's."""
    assert run(*INIT)[0] == 0
    code, out, err = run(*SUPERVISOR, "operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")
    assert code == 1 and one_sentence(err) and "COUNTER_APP_NEW_PIN" in err  # no terminal to ask on
    _, out, _ = run("operator", "list", "--json")
    assert [o["staff_id"] for o in json.loads(out)["operators"]] == ["S001"]
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    typed = iter([CLERK_PIN, CLERK_PIN])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    code, out, err = run(*SUPERVISOR, "operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")
    assert code == 0, err
    env.setenv("COUNTER_APP_OPERATOR_PIN", PIN)  # the exported COUNTER_APP_PIN does not open C001
    assert run("queue", "stats", "--json")[0] == 0  # stats need no operator ...
    code, _, err = run("--operator", "C001", "queue", "stats", "--json")
    assert code == 1 and "wrong" in err  # ... but a named one is checked, for reading commands too
    code, _, err = run("--operator", "C001", "operator", "unlock", "--staff-id", "S001")
    assert code == 1 and "wrong" in err  # signing in as C001 with S001's PIN fails
    env.setenv("COUNTER_APP_OPERATOR_PIN", CLERK_PIN)
    code, _, err = run("--operator", "C001", "operator", "unlock", "--staff-id", "S001")
    assert code == 1 and "Only a supervisor" in err  # the typed PIN is C001's


def test_operator_is_believed_only_after_its_pin(env, run, data_dir, monkeypatch):
    from helpers.intake import PETITION_DOC

    assert run(*INIT)[0] == 0
    env.setenv("COUNTER_APP_NEW_PIN", CLERK_PIN)
    assert run(*SUPERVISOR, "operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")[0] == 0
    doc = data_dir.parent / "case.json"
    doc.write_text(json.dumps(PETITION_DOC, ensure_ascii=False), encoding="utf-8")
    env.setenv("COUNTER_APP_OPERATOR_PIN", "999111")
    code, out, err = run("--operator", "C001", "intake", "add", str(doc))
    assert code == 1 and out == "" and one_sentence(err) and "wrong" in err
    env.delenv("COUNTER_APP_OPERATOR_PIN")
    code, out, err = run("--operator", "C001", "intake", "add", str(doc))  # no PIN, no terminal
    assert code == 1 and "COUNTER_APP_OPERATOR_PIN" in err
    env.setenv("COUNTER_APP_OPERATOR_PIN", CLERK_PIN)
    code, out, err = run("--operator", "C001", "intake", "add", str(doc))
    assert code == 0, err
    entries = audit_entries(run)
    failed = [e for e in entries if e["action"] == "operator.sign_in_failed"]
    assert [(e["operator"], e["detail"]["via"]) for e in failed] == [("C001", "cli")]
    signed = [e for e in entries if e["action"] == "operator.sign_in"]
    assert signed and signed[0]["operator"] == "C001" and signed[0]["detail"]["via"] == "cli"
    created = [e for e in entries if e["action"].startswith("case.") or e["case_id"]]
    assert created and all(e["operator"] == "C001" for e in created)
    assert not any("authenticated" in (e["detail"] or {}) for e in created)
    # without --operator: recorded plainly as the unauthenticated OS user
    code, out, err = run("intake", "add", str(doc))
    assert code == 0, err
    newest = next(e for e in audit_entries(run) if e["case_id"])
    assert newest["operator"].startswith("os:") and newest["detail"]["authenticated"] is False


def test_operator_pins_on_the_command_line_lock_like_the_gui(env, run):
    assert run(*INIT)[0] == 0
    env.setenv("COUNTER_APP_OPERATOR_PIN", "999111")
    answers = [run(*SUPERVISOR, "operator", "unlock", "--staff-id", "S001")[2] for _ in range(5)]
    assert "4 more failure" in answers[0] and "locked" in answers[4]
    env.setenv("COUNTER_APP_OPERATOR_PIN", PIN)
    code, _, err = run(*SUPERVISOR, "operator", "unlock", "--staff-id", "S001")
    assert code == 1 and "locked" in err  # the right PIN too, until the lock ends
    # an unknown id is answered the same way, counting down to a lock
    env.setenv("COUNTER_APP_OPERATOR_PIN", "999111")
    unknown = [run("--operator", "S999", "operator", "unlock", "--staff-id", "S001")[2] for _ in range(5)]
    assert unknown == answers


@pytest.mark.parametrize("operator", ["\x1b[2J\x1b[H", "S001\u202e", "S0\x0701", "S 001", "os:root", ""])
def test_a_malformed_operator_id_is_refused_before_anything_else(env, run, operator):
    assert run(*INIT)[0] == 0
    code, out, err = run("--operator", operator, "operator", "unlock", "--staff-id", "S001")
    assert code == 1 and out == "" and one_sentence(err) and "staff ID" in err
    assert "\x1b" not in err and "\u202e" not in err and "\x07" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ("operator", "add", "--staff-id", "C002", "--name", "박민수", "--role", "clerk"),
        ("operator", "unlock", "--staff-id", "S001"),
        ("office", "set-contact", "--phone", "0516004000"),
        ("queue", "outage", "add", "--start", "2026-11-20T09:00:00+09:00"),
        ("status", "sources", "add", "native:https://status.example/feed.json"),
        ("status", "note", "120 says 정부24 is back"),
    ],
)
def test_supervisor_work_needs_a_supervisor_operator_and_the_passphrase(env, run, argv):
    assert run(*INIT)[0] == 0
    env.setenv("COUNTER_APP_NEW_PIN", CLERK_PIN)
    assert run(*SUPERVISOR, "operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")[0] == 0
    before = len(audit_entries(run))
    code, _, err = run(*argv)  # the passphrase alone (no --operator): refused
    assert code == 1 and "--operator" in err and one_sentence(err)
    env.setenv("COUNTER_APP_OPERATOR_PIN", CLERK_PIN)
    code, _, err = run("--operator", "C001", *argv)  # a clerk with the passphrase: refused
    assert code == 1 and "Only a supervisor" in err
    env.setenv("COUNTER_APP_OPERATOR_PIN", PIN)
    env.setenv("COUNTER_APP_PASSPHRASE", "not the passphrase")
    code, _, err = run(*SUPERVISOR, *argv)  # the supervisor without the passphrase: refused
    assert code == 1 and "passphrase is wrong" in err
    entries = audit_entries(run)[: len(audit_entries(run)) - before]
    assert [e["action"] for e in entries if e["action"].startswith("office.passphrase")] == ["office.passphrase_failed"]
    env.setenv("COUNTER_APP_PASSPHRASE", PASS)
    code, _, err = run(*SUPERVISOR, *argv)
    assert code == 0, err


def test_wrong_passphrases_on_the_command_line_are_audited_and_slowed_down(env, run):
    assert run(*INIT)[0] == 0
    env.setenv("COUNTER_APP_PASSPHRASE", "a wrong guess")
    errors = [run(*SUPERVISOR, "operator", "unlock", "--staff-id", "S001")[2] for _ in range(6)]
    assert all("passphrase is wrong" in e for e in errors[:4])
    assert all("blocked" in e for e in errors[4:])
    env.setenv("COUNTER_APP_PASSPHRASE", PASS)  # the right one waits for the block to end, too
    code, _, err = run(*SUPERVISOR, "operator", "unlock", "--staff-id", "S001")
    assert code == 1 and "blocked" in err
    actions = [e["action"] for e in audit_entries(run)]
    assert actions.count("office.passphrase_failed") == 7 and actions.count("office.passphrase_locked") == 1


def test_a_typed_passphrase_is_asked_once_per_command(env, run, monkeypatch, tmp_path):
    """The supervisor check and unlocking the office key (export) use the one passphrase typed."""
    assert run(*INIT)[0] == 0
    env.delenv("COUNTER_APP_PASSPHRASE")
    monkeypatch.setattr("sys.stdin", FakeTerminal())
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or PASS)
    code, _out, err = run(*SUPERVISOR, "export", "--out", str(tmp_path / "office.bundle"))
    assert code == 0, err
    assert len(asked) == 1 and "passphrase" in asked[0].lower()
