"""The office profile: which community centre this terminal serves, and its keys.

The 205 Busan community centres (행정동) ship in resources/data/busan_offices.csv. The profile
also carries the responsible official and the office contact (address, phone), because every
notice must state the unit, name and contact of the person responsible (시행령 제31조).

Certificates (pki.py, contracts.md §4): `init` creates the office root and this terminal's first
certificate and signing key; an office set up before them gets both on the next supervisor unlock
(`check_passphrase`/`unlock` call `ensure_pki`), which also renews a terminal certificate within
30 days of its end. Issuing, renewing and revoking need the passphrase (the root key is under it)
and are audited ("pki.issue", "pki.renew", "pki.revoke").
"""

from __future__ import annotations

import csv
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.clock import Clock, system_clock, to_kst
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.offline.audit import AuditLog
from counter_app.offline.db import Database
from counter_app.offline.models import Office, TerminalCertificate
from counter_app.resources import resource_path
from counter_app.security import (
    OfficeKeyMaterial,
    Sealer,
    UnlockedKeys,
    generate_office_keys,
    hash_secret,
    unlock_office_keys,
    verify_secret,
)

TERMINAL_RE = re.compile(r"^[A-Z0-9]{1,4}$")
MIN_PASSPHRASE = 8
MAX_ADDRESS = 200
MAX_OFFICIAL = 40

log = logging.getLogger(__name__)

ALREADY_SET_UP = Msg(
    "이 데이터 폴더에는 이미 사무소가 설정되어 있습니다. 덮어쓰지 않았습니다.",
    "An office is already set up in this data folder; it was not overwritten.",
)


@dataclass(frozen=True)
class BusanOffice:
    hdong_code: str
    sigungu_code: str
    sigungu_name: str
    dong_name: str

    @property
    def office_name(self) -> str:
        return f"부산광역시 {self.sigungu_name} {self.dong_name} 행정복지센터"

    def matches(self, text: str) -> bool:
        t = text.strip()
        return not t or t in self.sigungu_name or t in self.dong_name or self.hdong_code.startswith(t)


@lru_cache(maxsize=1)
def busan_offices() -> tuple[BusanOffice, ...]:
    with resource_path("data", "busan_offices.csv").open(encoding="utf-8") as fh:
        return tuple(
            BusanOffice(r["hdong_code"], r["sigungu_code"], r["sigungu_name"], r["dong_name"])
            for r in csv.DictReader(fh)
        )


def find_office(hdong_code: str) -> BusanOffice:
    for o in busan_offices():
        if o.hdong_code == hdong_code:
            return o
    raise UserError(
        Msg(
            f"행정동 코드 {hdong_code}는 부산 행정복지센터 목록에 없습니다.",
            f"행정동 code {hdong_code} is not in the list of Busan community centres.",
        )
    )


def key_material(office: Office) -> OfficeKeyMaterial:
    return OfficeKeyMaterial(
        office.seal_public_key, office.seal_private_key_enc, office.sign_public_key, office.sign_private_key_enc
    )


class OfficeService:
    def __init__(self, db: Database, audit_factory=AuditLog, clock: Clock = system_clock):
        self._db = db
        self._audit_factory = audit_factory
        self._clock = clock
        self._terminal_id: str | None = None

    # ---------------------------------------------------------------- identity and signing
    def terminal_id(self) -> str:
        """This terminal's id once the office exists ('-' before): the AuditLog's terminal
        provider. Read once, then kept (a terminal id never changes)."""
        if self._terminal_id is None:
            office = self.get()
            if office is None:
                return "-"
            self._terminal_id = office.terminal_id
        return self._terminal_id

    @property
    def key_path(self) -> Path:
        """This terminal's signing key bundle (pki.py): in the data folder, beside the database."""
        from counter_app.pki import terminal_key_path

        return terminal_key_path(Path(self._db.path).parent)

    def terminal_signer(self):
        """The pki.TerminalSigner a clerk signs with (no passphrase); UserError when there is none."""
        from counter_app.offline.audit import signer_provider

        return signer_provider(Path(self._db.path).parent).require()

    def get(self) -> Office | None:
        with self._db.read() as s:
            return s.execute(select(Office)).scalar_one_or_none()

    def require(self) -> Office:
        office = self.get()
        if office is None:
            raise UserError(
                Msg(
                    "사무소가 설정되지 않았습니다. 먼저 'counter-app office init'을 실행하십시오.",
                    "No office is set up here yet; run 'counter-app office init' first.",
                )
            )
        return office

    def init(
        self,
        hdong_code: str,
        terminal: str,
        official: str,
        passphrase: str,
        *,
        operator: str,
        demo: bool = False,
        phone: str | None = None,
        address: str | None = None,
        also: Callable[[Session, AuditLog], None] | None = None,
    ) -> Office:
        """Create the one office profile of this data folder; refuses when one exists.

        `also(session, audit)` runs inside the same write transaction, after the office row: the
        command line creates the first supervisor there, so a failure leaves no half-made office.
        """
        found, terminal, official, phone, address = self.precheck(
            hdong_code, terminal, official, phone=phone, address=address
        )
        check_new_passphrase(passphrase)
        keys = generate_office_keys(passphrase)
        passphrase_hash = hash_secret(passphrase)
        now = self._clock()
        issued = _NewCertificates.make(self, found.hdong_code, found.office_name, terminal, passphrase, now, None)
        with issued, self._db.write() as s:
            if s.execute(select(Office)).scalar_one_or_none() is not None:
                raise UserError(ALREADY_SET_UP)
            office = Office(
                id=1,
                hdong_code=found.hdong_code,
                sigungu_code=found.sigungu_code,
                sigungu_name=found.sigungu_name,
                dong_name=found.dong_name,
                office_name=found.office_name,
                terminal_id=terminal,
                official_name=official,
                address=address,
                phone=phone,
                passphrase_hash=passphrase_hash,
                seal_public_key=keys.seal_public,
                seal_private_key_enc=keys.seal_private_enc,
                sign_public_key=keys.sign_public,
                sign_private_key_enc=keys.sign_private_enc,
                demo=demo,
                created_at=now,
            )
            s.add(office)
            s.flush()
            audit = self._audit_factory(terminal, self._clock)
            issued.store(s, office, operator)
            audit.append(
                s,
                operator,
                "office.init",
                detail={"hdong_code": found.hdong_code, "demo": demo, **issued.audit_detail()},
            )
            if also is not None:
                also(s, audit)
            issued.install()  # the last step before the commit, so the commit's anchor is signed
        return office

    def precheck(
        self, hdong_code: str, terminal: str, official: str, *, phone: str | None = None, address: str | None = None
    ) -> tuple[BusanOffice, str, str, str | None, str | None]:
        """Everything `init` checks that needs no passphrase, cheapest first, so a command can
        refuse before asking for secrets. Returns the normalised values."""
        if self.get() is not None:  # checked again inside init's transaction
            raise UserError(ALREADY_SET_UP)
        found = find_office((hdong_code or "").strip())
        terminal = (terminal or "").strip().upper()
        if not TERMINAL_RE.match(terminal):
            raise UserError(
                Msg(
                    "단말기 번호는 영문 대문자와 숫자 1~4자입니다 (예: T1).",
                    "The terminal id is 1 to 4 capital letters or digits (e.g. T1).",
                )
            )
        official = (official or "").strip()
        if not official or len(official) > MAX_OFFICIAL:
            raise UserError(
                Msg(
                    f"담당 공무원 이름을 1~{MAX_OFFICIAL}자로 입력하십시오.",
                    f"Enter the responsible official's name (1 to {MAX_OFFICIAL} characters).",
                )
            )
        _check_printed_text(official, Msg("담당 공무원 이름", "responsible official's name"))
        return found, terminal, official, normalize_office_phone(phone), normalize_address(address)

    def check_passphrase(self, passphrase: str, *, by: str = "unknown") -> None:
        """UserError unless `passphrase` is the supervisor passphrase (one hash check, no key work).
        `by` (a staff id) is named when a wrong one is audited; see accounts.PassphraseGuard."""
        office = self.require()
        self._passphrase_guard(office).check(by, lambda: verify_secret(office.passphrase_hash, passphrase or ""))
        self._ensure_pki_quietly(passphrase, by)

    def _check_passphrase_only(self, passphrase: str, by: str) -> Office:
        office = self.require()
        self._passphrase_guard(office).check(by, lambda: verify_secret(office.passphrase_hash, passphrase or ""))
        return office

    def _passphrase_guard(self, office: Office):
        from counter_app.accounts import PassphraseGuard  # wrong passphrases: audited and throttled

        return PassphraseGuard(self._db, lambda: self._audit_factory(office.terminal_id, self._clock), self._clock)

    def set_contact(self, operator: str, *, address: str | None = None, phone: str | None = None) -> Office:
        """Change the office contact printed on notices (audited; the values are the office's, not personal)."""
        address, phone = normalize_address(address), normalize_office_phone(phone)
        with self._db.write() as s:
            office = s.execute(select(Office)).scalar_one_or_none()
            if office is None:
                raise UserError(
                    Msg(
                        "사무소가 설정되지 않았습니다. 먼저 'counter-app office init'을 실행하십시오.",
                        "No office is set up here yet; run 'counter-app office init' first.",
                    )
                )
            changed: list[str] = []
            if address is not None:
                office.address, changed = address, changed + ["address"]
            if phone is not None:
                office.phone, changed = phone, changed + ["phone"]
            if changed:
                self._audit_factory(office.terminal_id, self._clock).append(
                    s, operator, "office.set_contact", detail={"fields": changed}
                )
        return office

    def describe(self) -> dict:
        """The profile without any secret: what `office show` prints."""
        office = self.require()
        return {
            "hdong_code": office.hdong_code,
            "office_name": office.office_name,
            "sigungu_code": office.sigungu_code,
            "sigungu_name": office.sigungu_name,
            "dong_name": office.dong_name,
            "terminal": office.terminal_id,
            "official": office.official_name,
            "address": office.address,
            "phone": office.phone,
            "demo": bool(office.demo),
            "created_at": to_kst(office.created_at).isoformat() if office.created_at else None,
            # SHA-256 of the root certificate (DER): compare with the exported office certificate
            "root_fingerprint": hashlib.sha256(office.root_certificate).hexdigest()
            if office.root_certificate
            else None,
        }

    def sealer(self) -> Sealer:
        return Sealer(self.require().seal_public_key)

    def unlock(self, passphrase: str, *, by: str = "unknown") -> UnlockedKeys:
        office = self.require()
        self._passphrase_guard(office).check(by, lambda: verify_secret(office.passphrase_hash, passphrase or ""))
        keys = unlock_office_keys(key_material(office), passphrase)
        self._ensure_pki_quietly(passphrase, by)
        return keys

    # ---------------------------------------------------------------- certificates (pki.py)
    def _pki_need(self, office: Office) -> str | None:
        """Why this terminal needs a (new) certificate now, or None."""
        from counter_app import pki
        from counter_app.offline.audit import signer_provider

        if office.root_certificate is None or office.root_key_enc is None:
            return "no_root"
        signer = signer_provider(Path(self._db.path).parent)()
        if signer is None:
            return "no_key"
        try:
            if (
                pki.fingerprint(signer.root) != pki.fingerprint(office.root_certificate)
                or signer.terminal != office.terminal_id
            ):
                return "foreign_key"
        except UserError:  # a bundle whose key is not its certificate's, or a certificate that does not parse
            return "foreign_key"
        with self._db.read() as s:
            revoked = s.execute(
                select(TerminalCertificate.revoked_at).where(
                    TerminalCertificate.serial == pki.serial_hex(signer.certificate)
                )
            ).first()
        if revoked is not None and revoked[0] is not None:
            return "revoked"
        if signer.certificate.not_valid_after_utc - self._clock() < pki.RENEW_BEFORE:
            return "expiring"
        return None

    def ensure_pki(self, passphrase: str, by: str = "unknown") -> str | None:
        """Give this terminal its certificates when it lacks them (an office from before they
        existed, a lost key file) or when its certificate ends within 30 days. The passphrase must
        already have been checked. Returns the audited action taken ("pki.issue", "pki.renew") or None."""
        office = self.require()
        need = self._pki_need(office)
        if need is None:
            return None
        action = "pki.renew" if need == "expiring" else "pki.issue"
        self._issue(office, passphrase, by, action, why=need)
        return action

    def _ensure_pki_quietly(self, passphrase: str, by: str) -> None:
        """ensure_pki after a supervisor unlock: a failure (a read-only data folder) is logged,
        never turned into a failed unlock; `office certificate issue` reports it."""
        try:
            self.ensure_pki(passphrase, by)
        except (UserError, OSError) as exc:
            log.warning("could not give this terminal its certificate: %s", type(exc).__name__)

    def issue_certificate(self, passphrase: str, by: str) -> dict:
        """Supervisor: this terminal's certificate and signing key, for an office without them.
        Refused when the terminal already has a good one (renew or revoke it instead)."""
        office = self._check_passphrase_only(passphrase, by)
        need = self._pki_need(office)
        if need is None:
            raise UserError(
                Msg(
                    "이 단말기에는 이미 유효한 인증서가 있습니다. 바꾸려면 'office certificate renew'를 쓰십시오.",
                    "This terminal already has a valid certificate; use 'office certificate renew' to replace it.",
                )
            )
        return self._issue(office, passphrase, by, "pki.issue", why=need)

    def renew_certificate(self, passphrase: str, by: str) -> dict:
        """Supervisor: a new signing key and certificate for this terminal; the old certificate
        stays valid until it ends (papers signed with it still verify)."""
        office = self._check_passphrase_only(passphrase, by)
        return self._issue(office, passphrase, by, "pki.renew", why=self._pki_need(office) or "requested")

    def revoke_certificate(self, passphrase: str, by: str, reason: str, serial: str | None = None) -> dict:
        """Supervisor: put a terminal certificate on the revocation list (default: this terminal's
        current one, which is then replaced by a new key and certificate in the same transaction,
        so the terminal can go on signing). Returns what was revoked and, if any, issued."""
        from counter_app import pki
        from counter_app.offline.audit import signer_provider

        reason = _revocation_reason(reason)
        office = self._check_passphrase_only(passphrase, by)
        current = signer_provider(Path(self._db.path).parent)()
        current_serial = pki.serial_hex(current.certificate) if current is not None else None
        target = (serial or current_serial or "").strip().lower().removeprefix("0x")
        if not target:
            raise UserError(
                Msg(
                    "폐지할 인증서의 일련번호(--serial)를 지정하십시오.",
                    "Give the serial (--serial) of the certificate to revoke.",
                )
            )
        if target == current_serial:
            return self._issue(office, passphrase, by, "pki.revoke", why="revoked", revoke=target, reason=reason)
        with self._db.write() as s:
            row = self._revoke_row(s, target, by, reason)
            self._audit_factory(office.terminal_id, self._clock).append(
                s, by, "pki.revoke", reason=reason, detail={"serial": target, "terminal": row.terminal}
            )
        return {"revoked": target, "issued": None}

    def _revoke_row(self, session: Session, serial: str, by: str, reason: str) -> TerminalCertificate:
        row = session.execute(
            select(TerminalCertificate).where(TerminalCertificate.serial == serial)
        ).scalar_one_or_none()
        if row is None:
            raise UserError(
                Msg(
                    "그 일련번호의 인증서는 이 사무소가 발급한 적이 없습니다.",
                    "This office never issued a certificate with that serial.",
                )
            )
        if row.revoked_at is not None:
            raise UserError(Msg("그 인증서는 이미 폐지되었습니다.", "That certificate is already revoked."))
        row.revoked_at, row.revoked_by, row.revocation_reason = self._clock(), by[:40], reason
        return row

    def _issue(
        self,
        office: Office,
        passphrase: str,
        by: str,
        action: str,
        *,
        why: str,
        revoke: str | None = None,
        reason: str | None = None,
    ) -> dict:
        now = self._clock()
        issued = _NewCertificates.make(
            self, office.hdong_code, office.office_name, office.terminal_id, passphrase, now, office
        )
        with issued, self._db.write() as s:
            row = s.get(Office, office.id)
            if row is None:
                raise UserError(Msg("사무소가 설정되지 않았습니다.", "No office is set up here."))
            if issued.creates_root and row.root_certificate is not None:
                raise UserError(
                    Msg(
                        "다른 곳에서 방금 사무소 인증서를 만들었습니다. 다시 시도하십시오.",
                        "The office certificate was just created elsewhere; try again.",
                    )
                )
            detail = {"why": why, **issued.audit_detail()}
            if revoke is not None:
                self._revoke_row(s, revoke, by, reason or "")
                detail["revoked_serial"] = revoke
            issued.store(s, row, by)
            self._audit_factory(office.terminal_id, self._clock).append(s, by, action, reason=reason, detail=detail)
            issued.install()  # the last step before the commit, so the commit's anchor is signed
        return {
            "revoked": revoke,
            "issued": issued.serial,
            "not_after": issued.not_after_iso,
            "root_created": issued.creates_root,
        }

    def certificates(self) -> list[dict]:
        """The terminal certificates this office root issued, newest first, with revocations."""
        with self._db.read() as s:
            rows = s.execute(select(TerminalCertificate).order_by(TerminalCertificate.id.desc())).scalars().all()
        return [
            {
                "serial": r.serial,
                "terminal": r.terminal,
                "fingerprint": r.fingerprint,
                "not_before": to_kst(r.not_before).isoformat(),
                "not_after": to_kst(r.not_after).isoformat(),
                "issued_at": to_kst(r.issued_at).isoformat(),
                "issued_by": r.issued_by,
                "revoked_at": to_kst(r.revoked_at).isoformat() if r.revoked_at else None,
                "revocation_reason": r.revocation_reason,
            }
            for r in rows
        ]

    def revoked_serials(self) -> set[int]:
        with self._db.read() as s:
            rows = s.execute(select(TerminalCertificate.serial).where(TerminalCertificate.revoked_at.is_not(None)))
            return {int(serial, 16) for (serial,) in rows}

    def root_certificate_pem(self) -> bytes:
        """The office root certificate (PEM) for other offices and verifiers (contracts.md §1)."""
        from counter_app import pki

        office = self.require()
        if office.root_certificate is None:
            raise UserError(
                Msg(
                    "이 사무소에는 아직 루트 인증서가 없습니다. 감독자가 'counter-app office certificate issue'로 만드십시오.",
                    "This office has no root certificate yet; a supervisor creates it with "
                    "'counter-app office certificate issue'.",
                )
            )
        return pki.to_pem(pki.load_certificate(office.root_certificate))


class _NewCertificates:
    """A new terminal key and certificate (and the office root, for an office without one), made
    BEFORE the write transaction (key generation and the Argon2id key derivation stay outside the
    write lock). `store()` adds them to the transaction; `install()` moves the staged 0600 key file
    into place as the transaction's last step; leaving the with-block on an error deletes it."""

    def __init__(self, service: OfficeService, root_cert, root_key_enc: bytes | None, cert, staged: Path, now):
        self._service, self._root_cert, self._root_key_enc = service, root_cert, root_key_enc
        self._cert, self._staged, self._now, self._installed = cert, staged, now, False

    @classmethod
    def make(
        cls,
        service: OfficeService,
        office_code: str,
        office_name: str,
        terminal: str,
        passphrase: str,
        now,
        office: Office | None,
    ) -> _NewCertificates:
        from counter_app import pki

        if office is None or office.root_certificate is None or office.root_key_enc is None:
            root_key, root_cert = pki.create_root(office_code, office_name, now)
            root_key_enc: bytes | None = pki.encrypt_root_key(root_key, passphrase)
        else:
            root_key = pki.decrypt_root_key(office.root_key_enc, passphrase)
            root_cert, root_key_enc = pki.load_certificate(office.root_certificate), None
        key = pki.generate_key()
        cert = pki.issue_terminal_certificate(root_key, root_cert, terminal, key.public_key(), now)
        return cls(
            service, root_cert, root_key_enc, cert, pki.stage_terminal_key(service.key_path, key, cert, root_cert), now
        )

    @property
    def creates_root(self) -> bool:
        return self._root_key_enc is not None

    @property
    def serial(self) -> str:
        from counter_app.pki import serial_hex

        return serial_hex(self._cert)

    @property
    def not_after_iso(self) -> str:
        return to_kst(self._cert.not_valid_after_utc).isoformat()

    def __enter__(self) -> _NewCertificates:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        from counter_app.pki import discard_staged_key

        if not self._installed:
            discard_staged_key(self._staged)

    def store(self, session: Session, office: Office, by: str) -> None:
        from counter_app import pki

        if self._root_key_enc is not None:
            office.root_certificate = pki.to_der(self._root_cert)
            office.root_key_enc = self._root_key_enc
        session.add(
            TerminalCertificate(
                serial=self.serial,
                terminal=pki.certificate_identity(self._cert)[1] or office.terminal_id,
                certificate=pki.to_der(self._cert),
                fingerprint=pki.fingerprint(self._cert),
                not_before=self._cert.not_valid_before_utc,
                not_after=self._cert.not_valid_after_utc,
                issued_at=self._now,
                issued_by=by[:40],
            )
        )

    def audit_detail(self) -> dict:
        from counter_app import pki

        detail = {"certificate_serial": self.serial, "certificate_not_after": self.not_after_iso}
        if self._root_key_enc is not None:
            detail["root_fingerprint"] = pki.fingerprint(self._root_cert)
        return detail

    def install(self) -> None:
        from counter_app.pki import install_terminal_key

        install_terminal_key(self._staged, self._service.key_path)
        self._installed = True


def _revocation_reason(reason: str | None) -> str:
    from counter_app.pii import refuse_rrn_in

    reason = " ".join((reason or "").split())
    if not reason:
        raise UserError(
            Msg("인증서를 폐지하는 사유(--reason)를 입력하십시오.", "Give a reason (--reason) for the revocation.")
        )
    if len(reason) > 200:
        raise UserError(
            Msg("폐지 사유는 200자 이하여야 합니다.", "The revocation reason must be at most 200 characters.")
        )
    refuse_rrn_in(reason, Msg("폐지 사유", "revocation reason"))
    return reason


# The passwords every guessing list tries first (lower case). The passphrase opens every sealed
# RRN, and its Argon2 hash and the key it encrypts are in the database file: a copy of that file
# is enough to try them offline, so the first guesses must never be the answer.
_COMMON_PASSPHRASES = frozenset(
    (
        "password",
        "password1",
        "password12",
        "password123",
        "passw0rd",
        "p@ssw0rd",
        "p@ssword",
        "qwerty12",
        "qwerty123",
        "qwertyui",
        "qwertyuiop",
        "1q2w3e4r",
        "1q2w3e4r5t",
        "q1w2e3r4",
        "qwer1234",
        "asdf1234",
        "asdfghjk",
        "zxcvbnm1",
        "abcd1234",
        "abc12345",
        "a1b2c3d4",
        "iloveyou",
        "admin123",
        "administrator",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "welcome1",
        "letmein1",
        "trustno1",
        "superman",
        "supervisor",
        "changeme",
        "counter_app",
        "counterapp",
    )
)
MIN_DISTINCT = 5


def check_new_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            Msg(
                f"감독자 암호는 {MIN_PASSPHRASE}자 이상이어야 합니다.",
                f"The supervisor passphrase must be at least {MIN_PASSPHRASE} characters.",
            )
        )
    plain = passphrase.strip().lower()
    if plain.isdigit() or len(set(plain)) < MIN_DISTINCT or plain in _COMMON_PASSPHRASES:
        raise UserError(
            Msg(
                f"추측하기 쉬운 감독자 암호입니다(숫자만, 서로 다른 글자 {MIN_DISTINCT}개 미만, 흔한 암호): "
                f"여러 단어로 된 긴 암호를 쓰십시오.",
                f"That supervisor passphrase is easy to guess (digits only, fewer than {MIN_DISTINCT} "
                f"different characters, or a common password); use a longer one of several words.",
            )
        )


def normalize_office_phone(phone: str | None) -> str | None:
    """An office phone as printed: '0516004000' -> '051-600-4000'. None/blank stays None."""
    if phone is None or not phone.strip():
        return None
    digits = re.sub(r"[\s\-().]", "", phone.strip())
    if digits.startswith("+82"):
        digits = "0" + digits[3:]
    if not digits.isdigit() or not digits.startswith("0") or not 9 <= len(digits) <= 11:
        raise UserError(
            Msg(
                "사무소 전화번호는 지역번호를 포함한 숫자 9~11자리여야 합니다(예: 051-600-4000).",
                "The office phone must be 9 to 11 digits with the area code (e.g. 051-600-4000).",
            )
        )
    if digits.startswith("02"):
        head, rest = digits[:2], digits[2:]
    else:
        head, rest = digits[:3], digits[3:]
    return f"{head}-{rest[:-4]}-{rest[-4:]}"


def normalize_address(address: str | None) -> str | None:
    if address is None or not address.strip():
        return None
    address = " ".join(address.split())
    if len(address) > MAX_ADDRESS:
        raise UserError(
            Msg(
                f"사무소 주소는 {MAX_ADDRESS}자 이하여야 합니다.",
                f"The office address must be at most {MAX_ADDRESS} characters.",
            )
        )
    _check_printed_text(address, Msg("사무소 주소", "office address"))
    return address


def _check_printed_text(text: str, label: Msg) -> None:
    """Office facts are printed on every notice and receipt and shown on every counter: no
    control or text-direction characters (they would reorder what a citizen reads) and no
    RRN-shaped number (pii.py) in them."""
    from counter_app.accounts import UNSAFE_CHARACTERS, has_unsafe_characters
    from counter_app.pii import refuse_rrn_in

    if has_unsafe_characters(text):
        raise UserError(Msg(f"{label.ko}에 {UNSAFE_CHARACTERS.ko}", f"The {label.en}: {UNSAFE_CHARACTERS.en}"))
    refuse_rrn_in(text, label)
