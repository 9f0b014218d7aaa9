"""`counter-app office ...` and `counter-app operator ...` as district IT staff script them:
exit 0 done, 1 refused (one sentence on stderr), 2 usage; secrets from the environment."""
from __future__ import annotations

import io
import json

import pytest

from counter_app.cli import main
from counter_app.errors import UserError

PASS = "correct horse battery"
PIN = "5678"


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("COUNTER_APP_PASSPHRASE", PASS)
    monkeypatch.setenv("COUNTER_APP_PIN", PIN)
    return monkeypatch


@pytest.fixture
def run(data_dir, capsys):
    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(data_dir), "--lang", "en", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


INIT = ("office", "init", "--code", "2611051000", "--terminal", "T1", "--official", "김담당")


def one_sentence(err: str) -> bool:
    return err.count("\n") == 1 and "Traceback" not in err


def test_init_creates_office_and_first_supervisor(env, run):
    code, out, err = run(*INIT, "--phone", "051-600-4000", "--address", "부산광역시 중구 중앙대로 100")
    assert code == 0, err
    assert "부산광역시 중구 중앙동 행정복지센터" in out and "S001" in out and "contact" not in out
    code, out, _ = run("office", "show", "--json")
    info = json.loads(out)
    assert (info["hdong_code"], info["terminal"], info["official"], info["phone"]) == \
        ("2611051000", "T1", "김담당", "051-600-4000")
    assert "passphrase_hash" not in out and "key" not in out
    code, out, _ = run("operator", "list", "--json")
    assert json.loads(out)["operators"] == [{
        "staff_id": "S001", "name": "김담당", "role": "supervisor", "active": True, "locked_until": None,
        "failed_attempts": 0, "created_at": json.loads(out)["operators"][0]["created_at"]}]
    code, out, _ = run("audit", "verify")
    assert code == 0 and "All 2 audit entries are intact" in out


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


@pytest.mark.parametrize("args, says", [
    (("--code", "9999999999", "--terminal", "T1", "--official", "김담당"), "9999999999"),
    (("--code", "2611051000", "--terminal", "T-1", "--official", "김담당"), "terminal id"),
    (("--code", "2611051000", "--terminal", "T1", "--official", "김담당", "--phone", "12"), "office phone"),
    (("--code", "2611051000", "--terminal", "T1", "--official", "김담당", "--supervisor-id", "S 1"), "staff ID"),
])
def test_init_refuses_bad_input_before_asking_for_secrets(run, args, says):
    # no passphrase in the environment and no terminal: the input error must come first
    code, out, err = run("office", "init", *args)
    assert code == 1 and one_sentence(err) and says in err
    assert run("office", "show")[0] == 1  # nothing was created


@pytest.mark.parametrize("argv", [
    ("office", "init", "--code", "2611051000", "--terminal", "T1"),  # --official missing
    ("office",),
    ("office", "frobnicate"),
    ("operator", "add", "--staff-id", "C001", "--name", "x", "--role", "admin"),
])
def test_usage_errors_exit_2(run, argv):
    assert run(*argv)[0] == 2


def test_passphrase_comes_from_the_environment(env, run):
    env.setenv("COUNTER_APP_PASSPHRASE", "short")
    code, _, err = run(*INIT)
    assert code == 1 and "at least 8 characters" in err
    env.setenv("COUNTER_APP_PASSPHRASE", "another good passphrase")
    assert run(*INIT)[0] == 0
    code, _, err = run("operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")
    assert code == 0, err
    env.setenv("COUNTER_APP_PASSPHRASE", PASS)  # not this office's passphrase
    code, _, err = run("operator", "add", "--staff-id", "C002", "--name", "박민수", "--role", "clerk")
    assert code == 1 and "passphrase is wrong" in err


def test_without_passphrase_and_terminal_nothing_is_created(monkeypatch, run):
    monkeypatch.setenv("COUNTER_APP_PIN", PIN)
    code, out, err = run(*INIT)
    assert code == 1 and one_sentence(err) and "COUNTER_APP_PASSPHRASE" in err
    assert run("office", "show")[0] == 1


def test_bad_pin_creates_nothing(env, run):
    env.setenv("COUNTER_APP_PIN", "12")
    code, _, err = run(*INIT)
    assert code == 1 and "4 to 12 digits" in err
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
    assert run("office", "set-contact", "--phone", "0516004000")[0] == 0


def test_operator_add_list_unlock(env, run, data_dir):
    assert run(*INIT)[0] == 0
    env.setenv("COUNTER_APP_PIN", "2468")
    code, out, err = run("operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")
    assert code == 0 and "C001" in out, err
    code, _, err = run("operator", "add", "--staff-id", "C001", "--name", "김철수", "--role", "clerk")
    assert code == 1 and "already registered" in err
    # someone claiming to be the clerk C001 at the command line is not a supervisor, passphrase or not
    code, _, err = run("--operator", "C001", "operator", "add", "--staff-id", "C002", "--name", "x", "--role", "clerk")
    assert code == 1 and "Only a supervisor" in err
    code, out, _ = run("operator", "list", "--json")
    assert [(o["staff_id"], o["role"]) for o in json.loads(out)["operators"]] == [("C001", "clerk"), ("S001", "supervisor")]

    from counter_app.app import open_context

    ctx = open_context(data_dir)
    try:
        for _ in range(5):
            with pytest.raises(UserError):
                ctx.accounts.sign_in("C001", "0000")
    finally:
        ctx.close()
    code, out, _ = run("operator", "list")
    assert "locked until" in out
    assert run("operator", "unlock", "--staff-id", "C001")[0] == 0
    code, out, _ = run("operator", "list", "--json")
    assert json.loads(out)["operators"][0]["locked_until"] is None
    code, out, _ = run("audit", "list", "--json")
    actions = [e["action"] for e in json.loads(out)["entries"]]
    assert "operator.unlock" in actions and "operator.locked" in actions


def test_office_commands_need_an_office(env, run):
    for argv in (("office", "show"), ("operator", "list"), ("operator", "add", "--staff-id", "C1", "--name", "x",
                                                             "--role", "clerk")):
        code, _, err = run(*argv)
        assert code == 1 and "office init" in err
