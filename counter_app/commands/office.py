"""`counter-app office ...`: the office profile of this data folder (contracts.md §1).

office init --code HDONG_CODE --terminal T --official NAME [--address A --phone P]
            [--supervisor-id S001] [--supervisor-name NAME]
    creates the office (from the Busan list), this terminal's id, the office keys under the
    supervisor passphrase ($COUNTER_APP_PASSPHRASE, else asked twice) and the first supervisor
    account (PIN from $COUNTER_APP_PIN, else asked twice), all in one transaction.
    Refuses to overwrite an existing office.
office show [--json]          the profile, no secrets
office set-contact [--address A] [--phone P]   (supervisor passphrase)
office certificate --out F.pem                 export the office root certificate (PEM, contracts.md §1)
office certificate list [--json]               the terminal certificates issued and revoked
office certificate issue | renew               (supervisor) this terminal's signing key and certificate
office certificate revoke [--serial S] --reason R
                                               (supervisor) revoke one; the current one is replaced at once
"""

from __future__ import annotations

import os
import sys

from counter_app.actor import SUPERVISOR, Actor
from counter_app.errors import UserError
from counter_app.i18n import Msg


def register(sub) -> None:
    p = sub.add_parser("office", help="office profile (사무소 설정)")
    osub = p.add_subparsers(dest="office_command", metavar="ACTION", required=True)

    init = osub.add_parser("init", help="set up this data folder's office, terminal, keys and first supervisor")
    init.add_argument("--code", required=True, help="10-digit 행정동 code of the community centre (e.g. 2611051000)")
    init.add_argument("--terminal", required=True, help="this terminal's id: 1-4 capital letters/digits (e.g. T1)")
    init.add_argument("--official", required=True, help="the responsible official's name, printed on notices")
    init.add_argument("--address", help="office address printed on notices (시행령 제31조)")
    init.add_argument("--phone", help="office phone printed on notices, e.g. 051-600-4000")
    init.add_argument("--supervisor-id", default="S001", help="staff ID of the first supervisor (default S001)")
    init.add_argument("--supervisor-name", help="name of the first supervisor (default: --official)")
    init.set_defaults(handler=_init, no_operator_sign_in=True)  # no office, no accounts yet

    show = osub.add_parser("show", help="show the office profile (no secrets)")
    show.add_argument("--json", action="store_true", help="print one JSON document")
    show.set_defaults(handler=_show)

    contact = osub.add_parser("set-contact", help="change the office address/phone (supervisor passphrase needed)")
    contact.add_argument("--address")
    contact.add_argument("--phone")
    contact.set_defaults(handler=_set_contact)

    cert = osub.add_parser("certificate", help="the office root certificate and this terminal's signing certificate")
    cert.add_argument("--out", metavar="F.pem", help="write the office root certificate (PEM) to this file")
    cert.set_defaults(handler=_certificate_export, certificate_parser=cert)
    csub = cert.add_subparsers(dest="certificate_command", metavar="ACTION")
    ls = csub.add_parser("list", help="terminal certificates issued by this office, with revocations")
    ls.add_argument("--json", action="store_true", help="print one JSON document")
    ls.set_defaults(handler=_certificate_list)
    for name, text in (
        ("issue", "give this terminal its signing key and certificate (supervisor)"),
        ("renew", "a new signing key and certificate for this terminal (supervisor)"),
    ):
        action = csub.add_parser(name, help=text)
        action.add_argument("--json", action="store_true", help="print one JSON document")
        action.set_defaults(handler=_certificate_issue, certificate_action=name)
    revoke = csub.add_parser("revoke", help="revoke a terminal certificate (supervisor)")
    revoke.add_argument("--serial", help="the certificate's serial (hex; default: this terminal's current one)")
    revoke.add_argument("--reason", required=True, help="why (kept in the revocation list and the audit log)")
    revoke.add_argument("--json", action="store_true", help="print one JSON document")
    revoke.set_defaults(handler=_certificate_revoke)


def _new_passphrase(runner) -> str:
    from counter_app.cli import ENV_PASSPHRASE
    from counter_app.office import MIN_PASSPHRASE, check_new_passphrase

    if os.environ.get(ENV_PASSPHRASE):
        passphrase = runner.passphrase()
    else:  # typed: ask twice, a typo here would lock the office keys away
        passphrase = runner.passphrase(
            Msg(
                f"새 감독자 암호({MIN_PASSPHRASE}자 이상): ",
                f"New supervisor passphrase (at least {MIN_PASSPHRASE} characters): ",
            )
        )
        again = runner.passphrase(Msg("감독자 암호 확인: ", "Repeat the passphrase: "))
        if passphrase != again:
            raise UserError(
                Msg(
                    "두 번 입력한 감독자 암호가 다릅니다. 사무소를 만들지 않았습니다.",
                    "The two passphrases differ; no office was created.",
                )
            )
    check_new_passphrase(passphrase)
    return passphrase


def _init(args, runner) -> int:
    from counter_app.accounts import Accounts
    from counter_app.commands.operator import ENV_PIN, read_new_pin

    ctx = runner.ctx()
    supervisor_name = args.supervisor_name or args.official
    # Refuse on anything checkable before asking for secrets.
    ctx.office.precheck(args.code, args.terminal, args.official, phone=args.phone, address=args.address)
    staff_id, _ = Accounts.validate(args.supervisor_id, supervisor_name, SUPERVISOR)
    passphrase = _new_passphrase(runner)
    supervisor = ctx.accounts.prepare(staff_id, supervisor_name, SUPERVISOR, read_new_pin(staff_id, ENV_PIN))

    def create_first_supervisor(session, audit) -> None:
        accounts = Accounts(ctx.db, audit, ctx.settings, ctx.clock)  # audit names the new terminal
        accounts.insert(session, audit, Actor(supervisor.staff_id, supervisor.name, SUPERVISOR), supervisor)

    office = ctx.office.init(
        args.code,
        args.terminal,
        args.official,
        passphrase,
        operator=supervisor.staff_id,
        phone=args.phone,
        address=args.address,
        also=create_first_supervisor,
    )
    sys.stdout.write(
        Msg(
            f"사무소를 설정했습니다: {office.office_name}({office.hdong_code}), 단말기 {office.terminal_id}, "
            f"감독자 계정 {supervisor.staff_id}.",
            f"Office set up: {office.office_name} ({office.hdong_code}), terminal {office.terminal_id}, "
            f"supervisor account {supervisor.staff_id}.",
        ).text()
        + "\n"
    )
    if not office.phone or not office.address:
        sys.stdout.write(
            Msg(
                "안내문에는 담당 부서의 연락처가 들어가야 합니다(시행령 제31조): "
                "'counter-app office set-contact --address ... --phone ...'로 입력하십시오.",
                "Notices must state the office contact (Enforcement Decree art. 31): "
                "add it with 'counter-app office set-contact --address ... --phone ...'.",
            ).text()
            + "\n"
        )
    return 0


def _show(args, runner) -> int:
    info = runner.ctx().office.describe()
    if args.json:
        runner.print_json(info)
        return 0
    rows = [
        (Msg("사무소", "Office"), f"{info['office_name']} ({info['hdong_code']})"),
        (Msg("단말기", "Terminal"), info["terminal"]),
        (Msg("담당 공무원", "Responsible official"), info["official"]),
        (Msg("주소", "Address"), info["address"] or "-"),
        (Msg("전화", "Phone"), info["phone"] or "-"),
        (Msg("루트 인증서(SHA-256)", "Root certificate (SHA-256)"), info["root_fingerprint"] or "-"),
    ]
    if info["demo"]:
        rows.append((Msg("구분", "Kind"), Msg("데모 사무소(연습용 자료)", "demo office (practice data)").text()))
    for label, value in rows:
        sys.stdout.write(f"{label.text()}: {value}\n")
    return 0


def _set_contact(args, runner) -> int:
    from counter_app.commands.operator import supervisor_actor

    if not (args.address or args.phone):
        raise UserError(Msg("바꿀 --address 또는 --phone을 지정하십시오.", "Give --address or --phone to change."))
    by = supervisor_actor(runner)
    office = runner.ctx().office.set_contact(by.id, address=args.address, phone=args.phone)
    sys.stdout.write(
        Msg(
            f"사무소 연락처를 바꾸었습니다: {office.address or '-'}, {office.phone or '-'}.",
            f"Office contact changed: {office.address or '-'}, {office.phone or '-'}.",
        ).text()
        + "\n"
    )
    return 0


# ---------------------------------------------------------------- certificates (pki.py)
def _certificate_export(args, runner) -> int:
    if not args.out:
        args.certificate_parser.print_usage(sys.stderr)
        return 2
    pem = runner.ctx().office.root_certificate_pem()
    from counter_app import pki

    (root,) = pki.load_pem_certificates(pem)
    try:
        with open(args.out, "wb") as fh:  # a public certificate: ordinary permissions
            fh.write(pem)
    except OSError:
        raise UserError(Msg("인증서 파일을 쓸 수 없습니다.", "The certificate file cannot be written.")) from None
    sys.stdout.write(
        Msg(
            f"사무소 루트 인증서를 저장했습니다(SHA-256 지문 {pki.fingerprint(root)}).",
            f"Office root certificate written (SHA-256 fingerprint {pki.fingerprint(root)}).",
        ).text()
        + "\n"
    )
    return 0


def _certificate_list(args, runner) -> int:
    ctx = runner.ctx()
    ctx.office.require()
    rows = ctx.office.certificates()
    if args.json:
        runner.print_json({"certificates": rows})
        return 0
    if not rows:
        sys.stdout.write(
            Msg("발급된 단말기 인증서가 없습니다.", "No terminal certificates have been issued.").text() + "\n"
        )
        return 0
    for r in rows:
        state = (
            Msg(f"폐지됨({r['revoked_at'][:10]})", f"revoked {r['revoked_at'][:10]}")
            if r["revoked_at"]
            else Msg(f"{r['not_after'][:10]}까지", f"valid until {r['not_after'][:10]}")
        )
        sys.stdout.write(f"{r['serial']}\t{r['terminal']}\t{state.text()}\n")
    return 0


def _current_serial(ctx) -> str | None:
    from counter_app.errors import UserError as _UserError

    try:
        return format(ctx.office.terminal_signer().serial, "x")
    except _UserError:
        return None


def _certificate_issue(args, runner) -> int:
    from counter_app.commands.operator import supervisor_actor

    ctx = runner.ctx()
    ctx.office.require()
    before = _current_serial(ctx)
    by = supervisor_actor(runner)  # a supervisor unlock: may already give an old office its certificates
    passphrase = runner.passphrase(Msg("감독자 암호(사무소 루트 키): ", "Supervisor passphrase (office root key): "))
    if args.certificate_action == "renew":
        ctx.office.renew_certificate(passphrase, by.id)
    elif _current_serial(ctx) == before:
        ctx.office.issue_certificate(passphrase, by.id)
    serial = _current_serial(ctx)
    info = next((c for c in ctx.office.certificates() if c["serial"] == serial), None)
    if args.json:
        runner.print_json({"serial": serial, "not_after": info["not_after"] if info else None, "previous": before})
        return 0
    sys.stdout.write(
        Msg(
            f"단말기 인증서를 발급했습니다: 일련번호 {serial}, {info['not_after'][:10] if info else '-'}까지.",
            f"Terminal certificate issued: serial {serial}, valid until {info['not_after'][:10] if info else '-'}.",
        ).text()
        + "\n"
    )
    return 0


def _certificate_revoke(args, runner) -> int:
    from counter_app.commands.operator import supervisor_actor
    from counter_app.office import _revocation_reason

    ctx = runner.ctx()
    ctx.office.require()
    _revocation_reason(args.reason)  # refused before any secret is asked for
    by = supervisor_actor(runner)
    passphrase = runner.passphrase(Msg("감독자 암호(사무소 루트 키): ", "Supervisor passphrase (office root key): "))
    out = ctx.office.revoke_certificate(passphrase, by.id, args.reason, serial=args.serial)
    if args.json:
        runner.print_json(out)
        return 0
    text = Msg(f"인증서 {out['revoked']}을(를) 폐지했습니다.", f"Certificate {out['revoked']} revoked.")
    if out["issued"]:
        text = Msg(
            f"{text.ko} 이 단말기에 새 인증서 {out['issued']}을(를) 발급했습니다.",
            f"{text.en} This terminal has a new certificate, serial {out['issued']}.",
        )
    sys.stdout.write(text.text() + "\n")
    return 0
