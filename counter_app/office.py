"""The office profile: which community centre this terminal serves, and its keys.

The 205 Busan community centres (행정동) ship in resources/data/busan_offices.csv. The profile
also carries the responsible official and the office contact (address, phone), because every
notice must state the unit, name and contact of the person responsible (시행령 제31조).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.clock import Clock, system_clock, to_kst
from counter_app.errors import UserError
from counter_app.i18n import Msg
from counter_app.offline.audit import AuditLog
from counter_app.offline.db import Database
from counter_app.offline.models import Office
from counter_app.resources import resource_path
from counter_app.security import (OfficeKeyMaterial, Sealer, UnlockedKeys, generate_office_keys,
                                  hash_secret, unlock_office_keys, verify_secret)

TERMINAL_RE = re.compile(r"^[A-Z0-9]{1,4}$")
MIN_PASSPHRASE = 8
MAX_ADDRESS = 200
MAX_OFFICIAL = 40

ALREADY_SET_UP = Msg("이 데이터 폴더에는 이미 사무소가 설정되어 있습니다. 덮어쓰지 않았습니다.",
                     "An office is already set up in this data folder; it was not overwritten.")


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
        return tuple(BusanOffice(r["hdong_code"], r["sigungu_code"], r["sigungu_name"], r["dong_name"])
                     for r in csv.DictReader(fh))


def find_office(hdong_code: str) -> BusanOffice:
    for o in busan_offices():
        if o.hdong_code == hdong_code:
            return o
    raise UserError(Msg(f"행정동 코드 {hdong_code}는 부산 행정복지센터 목록에 없습니다.",
                        f"행정동 code {hdong_code} is not in the list of Busan community centres."))


def key_material(office: Office) -> OfficeKeyMaterial:
    return OfficeKeyMaterial(office.seal_public_key, office.seal_private_key_enc,
                             office.sign_public_key, office.sign_private_key_enc)


class OfficeService:
    def __init__(self, db: Database, audit_factory=AuditLog, clock: Clock = system_clock):
        self._db = db
        self._audit_factory = audit_factory
        self._clock = clock

    def get(self) -> Office | None:
        with self._db.read() as s:
            return s.execute(select(Office)).scalar_one_or_none()

    def require(self) -> Office:
        office = self.get()
        if office is None:
            raise UserError(Msg("사무소가 설정되지 않았습니다. 먼저 'counter-app office init'을 실행하십시오.",
                                "No office is set up here yet; run 'counter-app office init' first."))
        return office

    def init(self, hdong_code: str, terminal: str, official: str, passphrase: str, *,
             operator: str, demo: bool = False, phone: str | None = None, address: str | None = None,
             also: Optional[Callable[[Session, AuditLog], None]] = None) -> Office:
        """Create the one office profile of this data folder; refuses when one exists.

        `also(session, audit)` runs inside the same write transaction, after the office row: the
        command line creates the first supervisor there, so a failure leaves no half-made office.
        """
        found, terminal, official, phone, address = self.precheck(hdong_code, terminal, official,
                                                                  phone=phone, address=address)
        check_new_passphrase(passphrase)
        keys = generate_office_keys(passphrase)
        passphrase_hash = hash_secret(passphrase)
        now = self._clock()
        with self._db.write() as s:
            if s.execute(select(Office)).scalar_one_or_none() is not None:
                raise UserError(ALREADY_SET_UP)
            office = Office(
                id=1, hdong_code=found.hdong_code, sigungu_code=found.sigungu_code,
                sigungu_name=found.sigungu_name, dong_name=found.dong_name, office_name=found.office_name,
                terminal_id=terminal, official_name=official, address=address, phone=phone,
                passphrase_hash=passphrase_hash, seal_public_key=keys.seal_public,
                seal_private_key_enc=keys.seal_private_enc, sign_public_key=keys.sign_public,
                sign_private_key_enc=keys.sign_private_enc, demo=demo, created_at=now,
            )
            s.add(office)
            s.flush()
            audit = self._audit_factory(terminal, self._clock)
            audit.append(s, operator, "office.init", detail={"hdong_code": found.hdong_code, "demo": demo})
            if also is not None:
                also(s, audit)
        return office

    def precheck(self, hdong_code: str, terminal: str, official: str, *, phone: str | None = None,
                 address: str | None = None) -> tuple[BusanOffice, str, str, str | None, str | None]:
        """Everything `init` checks that needs no passphrase, cheapest first, so a command can
        refuse before asking for secrets. Returns the normalised values."""
        if self.get() is not None:  # checked again inside init's transaction
            raise UserError(ALREADY_SET_UP)
        found = find_office((hdong_code or "").strip())
        terminal = (terminal or "").strip().upper()
        if not TERMINAL_RE.match(terminal):
            raise UserError(Msg("단말기 번호는 영문 대문자와 숫자 1~4자입니다 (예: T1).",
                                "The terminal id is 1 to 4 capital letters or digits (e.g. T1)."))
        official = (official or "").strip()
        if not official or len(official) > MAX_OFFICIAL:
            raise UserError(Msg(f"담당 공무원 이름을 1~{MAX_OFFICIAL}자로 입력하십시오.",
                                f"Enter the responsible official's name (1 to {MAX_OFFICIAL} characters)."))
        return found, terminal, official, normalize_office_phone(phone), normalize_address(address)

    def check_passphrase(self, passphrase: str, *, by: str = "unknown") -> None:
        """UserError unless `passphrase` is the supervisor passphrase (one hash check, no key work).
        `by` (a staff id) is named when a wrong one is audited; see accounts.PassphraseGuard."""
        office = self.require()
        self._passphrase_guard(office).check(by, lambda: verify_secret(office.passphrase_hash, passphrase or ""))

    def _passphrase_guard(self, office: Office):
        from counter_app.accounts import PassphraseGuard  # wrong passphrases: audited and throttled

        return PassphraseGuard(self._db, lambda: self._audit_factory(office.terminal_id, self._clock), self._clock)

    def set_contact(self, operator: str, *, address: str | None = None, phone: str | None = None) -> Office:
        """Change the office contact printed on notices (audited; the values are the office's, not personal)."""
        address, phone = normalize_address(address), normalize_office_phone(phone)
        with self._db.write() as s:
            office = s.execute(select(Office)).scalar_one_or_none()
            if office is None:
                self.require()
            changed = []
            if address is not None:
                office.address, changed = address, changed + ["address"]
            if phone is not None:
                office.phone, changed = phone, changed + ["phone"]
            if changed:
                self._audit_factory(office.terminal_id, self._clock).append(
                    s, operator, "office.set_contact", detail={"fields": changed})
        return office

    def describe(self) -> dict:
        """The profile without any secret: what `office show` prints."""
        office = self.require()
        return {
            "hdong_code": office.hdong_code, "office_name": office.office_name,
            "sigungu_code": office.sigungu_code, "sigungu_name": office.sigungu_name,
            "dong_name": office.dong_name, "terminal": office.terminal_id, "official": office.official_name,
            "address": office.address, "phone": office.phone, "demo": bool(office.demo),
            "created_at": to_kst(office.created_at).isoformat() if office.created_at else None,
        }

    def sealer(self) -> Sealer:
        return Sealer(self.require().seal_public_key)

    def unlock(self, passphrase: str, *, by: str = "unknown") -> UnlockedKeys:
        office = self.require()
        self._passphrase_guard(office).check(by, lambda: verify_secret(office.passphrase_hash, passphrase or ""))
        return unlock_office_keys(key_material(office), passphrase)


def check_new_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE:
        raise UserError(Msg(f"감독자 암호는 {MIN_PASSPHRASE}자 이상이어야 합니다.",
                            f"The supervisor passphrase must be at least {MIN_PASSPHRASE} characters."))


def normalize_office_phone(phone: str | None) -> str | None:
    """An office phone as printed: '0516004000' -> '051-600-4000'. None/blank stays None."""
    if phone is None or not phone.strip():
        return None
    digits = re.sub(r"[\s\-().]", "", phone.strip())
    if digits.startswith("+82"):
        digits = "0" + digits[3:]
    if not digits.isdigit() or not digits.startswith("0") or not 9 <= len(digits) <= 11:
        raise UserError(Msg("사무소 전화번호는 지역번호를 포함한 숫자 9~11자리여야 합니다(예: 051-600-4000).",
                            "The office phone must be 9 to 11 digits with the area code (e.g. 051-600-4000)."))
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
        raise UserError(Msg(f"사무소 주소는 {MAX_ADDRESS}자 이하여야 합니다.",
                            f"The office address must be at most {MAX_ADDRESS} characters."))
    return address


def refresh_office_services(ctx) -> None:
    """After an office is created in an open context: drop the services built before it existed
    (they captured terminal '-'), so the context builds them again with the real terminal id."""
    for name in ("audit", "accounts", "queue"):
        service = ctx.__dict__.pop(name, None)
        close = getattr(service, "close", None)
        if callable(close):
            close()  # the queue keeps a read connection open
