"""`counter-app operator ...`: personal accounts for the people who sign in at this terminal.

    operator add --staff-id ID --name NAME --role clerk|supervisor   (supervisor work: --operator
                                                                      and the passphrase; the new
                                                                      account's PIN from
                                                                      $COUNTER_APP_NEW_PIN or asked twice)
    operator list [--json]
    operator unlock --staff-id ID                                    (supervisor work)
    operator set-pin --staff-id ID                                   (supervisor work: a forgotten
                                                                      PIN; the new one from
                                                                      $COUNTER_APP_NEW_PIN or asked twice)
    operator recover-pin-key --staff-id SUPERVISOR_ID                (pin.key lost: the passphrase
                                                                      alone, since no PIN can be
                                                                      checked; that supervisor's new PIN
                                                                      as above; the other accounts
                                                                      then need set-pin)

A new account's PIN never comes from $COUNTER_APP_PIN (that is the first supervisor's, for
`office init`), nor from $COUNTER_APP_OPERATOR_PIN (the PIN of the person at the command line).
"""

from __future__ import annotations

import os
import sys

from counter_app.actor import CLERK, SUPERVISOR, Actor
from counter_app.clock import to_kst
from counter_app.errors import UserError
from counter_app.i18n import Msg

ENV_PIN = "COUNTER_APP_PIN"  # office init: the first supervisor's PIN (contracts.md §1)
ENV_NEW_PIN = "COUNTER_APP_NEW_PIN"  # operator add: the new account's PIN


def read_new_pin(who: str, env_var: str = ENV_NEW_PIN) -> str:
    """A new PIN: from `env_var` when set, else typed twice on the terminal (never echoed)."""
    from counter_app.accounts import PIN_MAX, PIN_MIN
    from counter_app.cli import secret_from_env_or_terminal

    needed = Msg(f"{who}의 새 PIN이 필요합니다", f"A new PIN for {who} is needed")
    if os.environ.get(env_var):
        return os.environ[env_var]
    first = secret_from_env_or_terminal(
        env_var,
        needed,
        Msg(f"{who}의 새 PIN(숫자 {PIN_MIN}~{PIN_MAX}자리): ", f"New PIN for {who} ({PIN_MIN} to {PIN_MAX} digits): "),
    )
    second = secret_from_env_or_terminal(env_var, needed, Msg("PIN 확인: ", "Repeat the PIN: "))
    if first != second:
        raise UserError(
            Msg("두 번 입력한 PIN이 다릅니다. 아무것도 바꾸지 않았습니다.", "The two PINs differ; nothing was changed.")
        )
    return first


def supervisor_actor(runner) -> Actor:
    """The authenticated supervisor at the command line (Runner.supervisor: --operator with its
    PIN, a supervisor account, and the supervisor passphrase)."""
    return runner.supervisor()


def register(sub) -> None:
    p = sub.add_parser("operator", help="operator accounts (직원 계정)")
    osub = p.add_subparsers(dest="operator_command", metavar="ACTION", required=True)

    add = osub.add_parser("add", help="add an operator account (supervisor passphrase needed)")
    add.add_argument("--staff-id", required=True, help="staff ID used to sign in (e.g. C002)")
    add.add_argument("--name", required=True, help="the person's name")
    add.add_argument("--role", required=True, choices=(CLERK, SUPERVISOR))
    add.set_defaults(handler=_add)

    ls = osub.add_parser("list", help="list operator accounts")
    ls.add_argument("--json", action="store_true", help="print one JSON document")
    ls.set_defaults(handler=_list)

    unlock = osub.add_parser("unlock", help="clear a lock-out after failed sign-ins (supervisor passphrase needed)")
    unlock.add_argument("--staff-id", required=True)
    unlock.set_defaults(handler=_unlock)

    set_pin = osub.add_parser("set-pin", help="give an account a new PIN (supervisor passphrase needed)")
    set_pin.add_argument("--staff-id", required=True)
    set_pin.set_defaults(handler=_set_pin)

    recover = osub.add_parser(
        "recover-pin-key", help="make a new PIN key after pin.key was lost (supervisor passphrase needed)"
    )
    recover.add_argument("--staff-id", required=True, help="the supervisor who gets a new PIN now")
    recover.set_defaults(handler=_recover_pin_key, no_operator_sign_in=True)  # no PIN can be checked


def _add(args, runner) -> int:
    from counter_app.accounts import Accounts

    ctx = runner.ctx()
    ctx.office.require()
    # validate what needs no secret first, so a typo is reported before any prompt
    Accounts.validate(args.staff_id, args.name, args.role)
    by = supervisor_actor(runner)
    pin = read_new_pin(args.staff_id.strip())
    actor = ctx.accounts.add(by, args.staff_id, args.name, args.role, pin)
    sys.stdout.write(
        Msg(
            f"직원 계정 {actor.id}({_role(actor.role).ko})을(를) 추가했습니다.",
            f"Added operator account {actor.id} ({_role(actor.role).en}).",
        ).text()
        + "\n"
    )
    return 0


def _role(role: str) -> Msg:
    from counter_app.accounts import ROLE_LABELS

    return ROLE_LABELS.get(role, Msg(role, role))


def _list(args, runner) -> int:
    ctx = runner.ctx()
    ctx.office.require()
    now = ctx.clock()
    records = ctx.accounts.records()
    rows = [
        {
            "staff_id": r.staff_id,
            "name": r.name,
            "role": r.role,
            "active": r.active,
            "locked_until": to_kst(r.locked_until).isoformat() if r.locked_until and r.locked_until > now else None,
            "failed_attempts": r.failed_attempts,
            "created_at": to_kst(r.created_at).isoformat() if r.created_at else None,
        }
        for r in records
    ]
    if args.json:
        runner.print_json({"operators": rows})
        return 0
    if not rows:
        sys.stdout.write(Msg("등록된 직원 계정이 없습니다.", "No operator accounts.").text() + "\n")
        return 0
    for r in rows:
        state = Msg("사용", "active") if r["active"] else Msg("중지", "disabled")
        if r["locked_until"]:
            state = Msg(f"잠김({r['locked_until'][11:16]}까지)", f"locked until {r['locked_until'][11:16]}")
        sys.stdout.write(f"{r['staff_id']}\t{r['name']}\t{_role(r['role']).text()}\t{state.text()}\n")
    return 0


def _unlock(args, runner) -> int:
    ctx = runner.ctx()
    by = supervisor_actor(runner)
    ctx.accounts.unlock(by, args.staff_id)
    sys.stdout.write(
        Msg(f"{args.staff_id.strip()} 계정의 잠금을 풀었습니다.", f"Unlocked account {args.staff_id.strip()}.").text()
        + "\n"
    )
    return 0


def _set_pin(args, runner) -> int:
    from counter_app.accounts import check_staff_id

    ctx = runner.ctx()
    ctx.office.require()
    staff_id = check_staff_id(args.staff_id)
    by = supervisor_actor(runner)
    ctx.accounts.set_pin(by, staff_id, read_new_pin(staff_id))
    sys.stdout.write(
        Msg(f"{staff_id} 계정의 PIN을 새로 정했습니다.", f"Set a new PIN for account {staff_id}.").text() + "\n"
    )
    return 0


def _recover_pin_key(args, runner) -> int:
    from counter_app.accounts import check_staff_id

    ctx = runner.ctx()
    ctx.office.require()
    staff_id = check_staff_id(args.staff_id)
    if not ctx.accounts.pin_key_lost():
        raise UserError(
            Msg(
                "PIN 확인용 키 파일(pin.key)이 정상이므로 복구할 것이 없습니다.",
                "The PIN key file (pin.key) is fine; there is nothing to recover.",
            )
        )
    # no PIN can be checked now: the passphrase (audited and throttled) is the proof
    ctx.office.check_passphrase(runner.passphrase(), by=staff_id)
    to_reset = ctx.accounts.recover_pin_key(staff_id, read_new_pin(staff_id))
    sys.stdout.write(
        Msg(
            f"새 PIN 확인용 키를 만들고 {staff_id}의 PIN을 정했습니다. 다른 계정 {to_reset}개는 "
            f"'counter-app operator set-pin'으로 PIN을 새로 정해야 로그인할 수 있습니다.",
            f"Made a new PIN key and set {staff_id}'s PIN. The other {to_reset} account(s) can sign in "
            f"again once a supervisor sets their PIN with 'counter-app operator set-pin'.",
        ).text()
        + "\n"
    )
    return 0
