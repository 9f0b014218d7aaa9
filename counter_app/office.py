"""The office profile: which community centre this terminal serves, and its keys.

The 205 Busan community centres (행정동) ship in resources/data/busan_offices.csv.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from counter_app.clock import Clock, system_clock
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
             operator: str, demo: bool = False, phone: str | None = None, address: str | None = None) -> Office:
        found = find_office(hdong_code)
        terminal = terminal.strip().upper()
        if not TERMINAL_RE.match(terminal):
            raise UserError(Msg("단말기 번호는 영문 대문자와 숫자 1~4자입니다 (예: T1).",
                                "The terminal id is 1 to 4 capital letters or digits (e.g. T1)."))
        if not official.strip():
            raise UserError(Msg("담당 공무원 이름을 입력하십시오.", "Enter the responsible official's name."))
        if len(passphrase) < MIN_PASSPHRASE:
            raise UserError(Msg(f"감독자 암호는 {MIN_PASSPHRASE}자 이상이어야 합니다.",
                                f"The supervisor passphrase must be at least {MIN_PASSPHRASE} characters."))
        keys = generate_office_keys(passphrase)
        now = self._clock()
        with self._db.write() as s:
            if s.execute(select(Office)).scalar_one_or_none() is not None:
                raise UserError(Msg("이 데이터 폴더에는 이미 사무소가 설정되어 있습니다. 덮어쓰지 않았습니다.",
                                    "An office is already set up in this data folder; it was not overwritten."))
            office = Office(
                id=1, hdong_code=found.hdong_code, sigungu_code=found.sigungu_code,
                sigungu_name=found.sigungu_name, dong_name=found.dong_name, office_name=found.office_name,
                terminal_id=terminal, official_name=official.strip(), address=address, phone=phone,
                passphrase_hash=hash_secret(passphrase), seal_public_key=keys.seal_public,
                seal_private_key_enc=keys.seal_private_enc, sign_public_key=keys.sign_public,
                sign_private_key_enc=keys.sign_private_enc, demo=demo, created_at=now,
            )
            s.add(office)
            s.flush()
            self._audit_factory(terminal, self._clock).append(
                s, operator, "office.init", detail={"hdong_code": found.hdong_code, "demo": demo})
        return office

    def sealer(self) -> Sealer:
        return Sealer(self.require().seal_public_key)

    def unlock(self, passphrase: str) -> UnlockedKeys:
        office = self.require()
        if not verify_secret(office.passphrase_hash, passphrase):
            from counter_app.security import WRONG_PASSPHRASE
            raise UserError(WRONG_PASSPHRASE)
        return unlock_office_keys(key_material(office), passphrase)
