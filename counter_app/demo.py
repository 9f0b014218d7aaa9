"""A ready demo office, so a newcomer sees a working program at once (`counter-app --demo`).

`ensure_demo_office(ctx)` sets up 부산광역시 중구 중앙동 행정복지센터 (2611051000), terminal T1,
a supervisor and a clerk, and ~25 complaints received over the last working days, all through the
same services a counter uses (office init, accounts, the case queue), so the demo exercises the
real rules. It is idempotent: a second call finds everything in place and only returns the
credentials. It refuses to touch a data folder that holds a real (non-demo) office.

Everything in it is fictional: names 홍길동/김철수/이영희…, phones 010-0000-XXXX, and resident
registration numbers of the form YYMMDD-S00000C, only for services whose statute requires one.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from counter_app.actor import CLERK, SUPERVISOR, Actor
from counter_app.clock import KST, to_kst
from counter_app.errors import UserError
from counter_app.i18n import Msg

log = logging.getLogger(__name__)

DEMO_HDONG = "2611051000"  # 중구 중앙동
DEMO_TERMINAL = "T1"
DEMO_OFFICIAL = "박담당"
DEMO_ADDRESS = "부산광역시 중구 중앙대로 100 (데모 주소)"
DEMO_PHONE = "051-000-0000"
DEMO_PASSPHRASE = "demo-passphrase"
# 6-digit PINs that pass the PIN rules (accounts.check_pin); shown on the demo sign-in dialog.
DEMO_CLERK = ("C001", "김철수", "482915")
DEMO_SUPERVISOR = ("S001", "이영희", "736204")
IMPORT_PREFIX = "demo:"


@dataclass(frozen=True)
class DemoInfo:
    clerk_id: str
    clerk_pin: str
    supervisor_id: str
    supervisor_pin: str
    passphrase: str
    cases: int = 0  # demo cases in the queue


def demo_data_dir(args_data_dir: str | Path | None = None) -> Path:
    """Where `--demo` keeps its office: the given --data-dir (kept between runs), else a fresh
    throwaway temp directory, so trying the demo never touches a real office's data."""
    if args_data_dir:
        return Path(args_data_dir).expanduser().resolve()
    return Path(tempfile.mkdtemp(prefix="counter_app-demo-"))


def _info(cases: int) -> DemoInfo:
    return DemoInfo(DEMO_CLERK[0], DEMO_CLERK[2], DEMO_SUPERVISOR[0], DEMO_SUPERVISOR[2], DEMO_PASSPHRASE, cases)


# ---------------------------------------------------------------- the demo complaints
def _fake_rrn(birth: str, sex_digit: str) -> str:
    """'1985-03-15', '1' -> '850315-100000C' with a valid old-style check digit (obviously fake)."""
    body = birth[2:4] + birth[5:7] + birth[8:10] + sex_digit + "00000"
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    check = (11 - sum(int(d) * w for d, w in zip(body, weights)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{check}"


# (service, category, channel, title, content, name, birth, gender, rrn?, notify_by, address, postcode)
_SEEDS: tuple[tuple, ...] = (
    (
        "인감증명서 발급",
        "statutory",
        "visit",
        "인감증명서 발급 신청",
        "부동산 매매 계약용 인감증명서 1통. 복구 후 발급 요청.",
        "홍길동",
        "1985-03-15",
        "M",
        "1",
        "sms",
        "부산광역시 중구 중앙대로 1 (중앙동1가)",
        "48939",
    ),
    (
        "주민등록표 등본 발급",
        "statutory",
        "visit",
        "주민등록표 등본 발급 신청",
        "은행 제출용 등본 2통. 전산 복구 후 수령 희망.",
        "김철수",
        "1978-11-02",
        "M",
        "1",
        "sms",
        "부산광역시 중구 대청로 10",
        "48940",
    ),
    (
        "확정일자 부여",
        "statutory",
        "visit",
        "임대차계약서 확정일자",
        "전세 계약서 원본 지참. 당일 접수분으로 소급 처리 요청.",
        "이영희",
        "1992-07-21",
        "F",
        None,
        "sms",
        "부산광역시 중구 중앙대로 20",
        "48941",
    ),
    (
        "국민신문고 민원",
        "suggestion",
        "visit",
        "보도 블록 파손 보수 요청",
        "중앙동 골목 보도블록이 깨져 보행이 위험합니다.",
        "박민수",
        "1965-01-30",
        "M",
        None,
        "sms",
        "부산광역시 중구 해관로 5",
        "48942",
    ),
    (
        "전입신고",
        "statutory",
        "visit",
        "전입신고",
        "세대주 본인 전입. 복구 후 시스템 등록 예정 안내함.",
        "최지우",
        "1999-05-09",
        "F",
        "2",
        "sms",
        "부산광역시 중구 중앙대로 30",
        "48943",
    ),
    (
        "가족관계증명서 발급",
        "statutory",
        "visit",
        "가족관계증명서 발급 문의",
        "대법원 전자가족관계등록시스템(별도 운영)으로 안내.",
        "정하늘",
        "1988-12-12",
        "F",
        None,
        "none",
        None,
        None,
    ),
    (
        "질의민원(제도·절차)",
        "inquiry",
        "mail",
        "전산장애 중 수수료 면제 기간 문의",
        "등·초본 수수료 면제가 언제까지인지 알려 주십시오.",
        "강바다",
        "1970-08-08",
        "M",
        None,
        "mail",
        "부산광역시 중구 충장대로 9",
        "48944",
    ),
    (
        "건의민원",
        "suggestion",
        "visit",
        "장애 안내문 게시 위치 건의",
        "민원실 입구에도 장애 안내문을 붙여 주십시오.",
        "윤보람",
        "1983-04-17",
        "F",
        None,
        "sms",
        None,
        None,
    ),
    (
        "기타민원(단순 문의·신고)",
        "other",
        "phone",
        "여권 발급 가능 여부 문의",
        "외교부 여권 시스템 가동 여부 전화 문의.",
        "서민준",
        "1995-02-25",
        "M",
        None,
        "phone",
        None,
        None,
    ),
    (
        "인감증명서 발급",
        "statutory",
        "visit",
        "인감증명서 발급 신청(대리)",
        "위임장 지참 대리 신청. 본인 확인 서류 사본 첨부.",
        "한가람",
        "1959-09-19",
        "F",
        "2",
        "sms",
        "부산광역시 중구 중앙대로 40",
        "48945",
    ),
    (
        "주민등록표 초본 발급",
        "statutory",
        "visit",
        "주민등록표 초본 발급 신청",
        "취업 제출용 초본 1통.",
        "오세훈",
        "2001-06-06",
        "M",
        "3",
        "sms",
        None,
        None,
    ),
    (
        "고충민원",
        "grievance",
        "visit",
        "장애로 인한 과태료 납부 기한 고충",
        "전산장애로 납부하지 못한 과태료의 기한 연장을 요청합니다.",
        "임꺽정",
        "1962-10-03",
        "M",
        None,
        "mail",
        "부산광역시 중구 광복로 12",
        "48946",
    ),
    (
        "국민신문고 민원",
        "inquiry",
        "visit",
        "국민신문고 유실 민원 재접수",
        "9월 26일 국민신문고에 낸 민원이 유실되어 다시 접수합니다.",
        "장그래",
        "1990-03-03",
        "M",
        None,
        "email",
        None,
        None,
    ),
    (
        "지방세 납세증명서 발급",
        "statutory",
        "visit",
        "지방세 납세증명서 발급 신청",
        "입찰 제출용. 위택스 복구 후 발급 요청.",
        "신사임",
        "1975-12-24",
        "F",
        None,
        "sms",
        None,
        None,
    ),
    (
        "건축물대장 등본 발급",
        "statutory",
        "visit",
        "건축물대장 등본 발급 신청",
        "세움터 장애로 창구 접수. 복구 후 발급.",
        "문익점",
        "1968-05-05",
        "M",
        None,
        "sms",
        "부산광역시 중구 중구로 7",
        "48947",
    ),
    (
        "확정일자 부여",
        "statutory",
        "visit",
        "임대차계약서 확정일자",
        "월세 계약서. 접수증 발급함.",
        "배수지",
        "1994-10-10",
        "F",
        None,
        "sms",
        None,
        None,
    ),
    (
        "질의민원(법령 해석)",
        "inquiry",
        "mail",
        "전산장애 기간 처리기한 계산 질의",
        "장애 기간이 처리기간에서 빠지는지 법령 해석을 요청합니다.",
        "조용필",
        "1957-03-21",
        "M",
        None,
        "mail",
        "부산광역시 중구 동광길 3",
        "48948",
    ),
    (
        "여권 재발급 안내",
        "other",
        "visit",
        "여권 재발급 절차 안내",
        "외교부 시스템 복구 일정 안내 및 구비 서류 설명.",
        "나래",
        "2003-01-15",
        "F",
        None,
        "none",
        None,
        None,
    ),
    (
        "국민신문고 민원",
        "grievance",
        "visit",
        "불법 주정차 단속 고충",
        "상가 앞 불법 주정차로 통행이 어렵습니다.",
        "유재석",
        "1972-08-14",
        "M",
        None,
        "sms",
        None,
        None,
    ),
    (
        "주민등록표 등본 발급",
        "statutory",
        "visit",
        "주민등록표 등본 발급 신청",
        "학교 제출용 등본 1통.",
        "송가인",
        "1986-03-05",
        "F",
        "2",
        "sms",
        None,
        None,
    ),
    (
        "건의민원",
        "suggestion",
        "mail",
        "임시 온라인 민원창구 안내 건의",
        "부산시 임시 온라인 민원창구 주소를 문자로 안내해 주십시오.",
        "권율",
        "1980-11-11",
        "M",
        None,
        "mail",
        "부산광역시 중구 구덕로 21",
        "48949",
    ),
    (
        "기타민원(단순 문의·신고)",
        "other",
        "visit",
        "가로등 고장 신고",
        "중앙동 4가 골목 가로등이 꺼져 있습니다.",
        "김유신",
        "1966-06-25",
        "M",
        None,
        "none",
        None,
        None,
    ),
    (
        "가족관계증명서 발급",
        "statutory",
        "visit",
        "기본증명서 발급 문의",
        "법원 시스템 정상 운영으로 즉시 발급 가능 안내.",
        "허준",
        "1977-07-07",
        "M",
        None,
        "none",
        None,
        None,
    ),
    (
        "질의민원(제도·절차)",
        "inquiry",
        "visit",
        "복구 후 발급 서류 수령 방법 문의",
        "대리 수령이 가능한지 알려 주십시오.",
        "황진이",
        "1991-09-09",
        "F",
        None,
        "sms",
        None,
        None,
    ),
    (
        "국민신문고 민원",
        "suggestion",
        "visit",
        "민원실 대기 좌석 확충 건의",
        "장애 기간 대기 인원이 많아 좌석을 늘려 주십시오.",
        "이순신",
        "1960-04-28",
        "M",
        None,
        "sms",
        None,
        None,
    ),
)
# Beyond QUEUED, a few cases are moved on so every queue view has something to show:
# seed index -> the states it passes through (each step through the queue's state machine).
_LATER_STATES: dict[int, tuple[str, ...]] = {
    0: ("SENDING", "SENT"),
    5: ("REGISTERED_MANUALLY",),
    6: ("SENDING", "SENT"),
    12: ("SENDING", "QUARANTINED"),
}


def _received_times(now: dt.datetime, n: int) -> list[dt.datetime]:
    """n distinct receipt times over the last working days (09:00-17:50 KST), oldest first, all in the past."""
    rng = random.Random(2611051000)  # the same demo every time
    today = to_kst(now).date()
    days: list[dt.date] = []
    d = today
    while len(days) < 7:
        if d.weekday() < 5:
            days.append(d)
        d -= dt.timedelta(days=1)
    times: set[dt.datetime] = set()
    while len(times) < n:
        day = rng.choice(days)
        moment = dt.datetime.combine(day, dt.time(9, 0), KST) + dt.timedelta(minutes=rng.randrange(0, 530))
        if moment < now - dt.timedelta(minutes=1):  # a receipt time can never be in the future
            times.add(moment)
    return sorted(times)


def _documents(now: dt.datetime) -> list[dict]:
    docs = []
    for i, (seed, at) in enumerate(zip(_SEEDS, _received_times(now, len(_SEEDS)))):
        service, category, channel, title, content, name, birth, gender, rrn_sex, notify, address, postcode = seed
        applicant = {
            "name": name,
            "kind": "person",
            "birth_date": birth,
            "gender": gender,
            "phone": f"010-0000-{i + 1:04d}",
        }
        if rrn_sex:
            applicant["rrn"] = _fake_rrn(birth, rrn_sex)
        if address:
            applicant["address"] = address
            applicant["postcode"] = postcode
        if notify == "email":
            applicant["email"] = f"demo{i + 1:02d}@example.com"
        docs.append(
            {
                "channel": channel,
                "category": category,
                "service": service,
                "title": title,
                "content": content,
                "applicant": applicant,
                "disclose": False,
                "notify_by": notify,
                "received_at": at.isoformat(timespec="seconds"),
            }
        )
    return docs


# ---------------------------------------------------------------- set-up
def _demo_case_count(ctx) -> int:
    from sqlalchemy import func, select  # here, not at the top: the sign-in's demo hint imports this module

    from counter_app.offline.models import Case

    with ctx.db.read() as s:
        return s.execute(
            select(func.count()).select_from(Case).where(Case.import_key.like(f"{IMPORT_PREFIX}%"))
        ).scalar_one()


def _ensure_office(ctx) -> bool:
    """Create the demo office with both accounts in one transaction. True when created now."""
    from counter_app.accounts import Accounts

    office = ctx.office.get()
    if office is not None:
        if not office.demo:
            raise UserError(
                Msg(
                    "이 데이터 폴더에는 실제 사무소가 설정되어 있어 데모 자료를 넣지 않았습니다. 다른 폴더를 지정하십시오.",
                    "This data folder holds a real office, so no demo data was added; choose another folder.",
                )
            )
        _renew_old_demo_pins(ctx)
        return False
    supervisor = ctx.accounts.prepare(DEMO_SUPERVISOR[0], DEMO_SUPERVISOR[1], SUPERVISOR, DEMO_SUPERVISOR[2])
    clerk = ctx.accounts.prepare(DEMO_CLERK[0], DEMO_CLERK[1], CLERK, DEMO_CLERK[2])

    def add_operators(session, audit) -> None:
        by = Actor(supervisor.staff_id, supervisor.name, SUPERVISOR)
        accounts = Accounts(ctx.db, audit, ctx.settings, ctx.clock)  # audit names the new terminal
        accounts.insert(session, audit, by, supervisor)
        accounts.insert(session, audit, by, clerk)

    ctx.office.init(
        DEMO_HDONG,
        DEMO_TERMINAL,
        DEMO_OFFICIAL,
        DEMO_PASSPHRASE,
        operator=DEMO_SUPERVISOR[0],
        demo=True,
        phone=DEMO_PHONE,
        address=DEMO_ADDRESS,
        also=add_operators,
    )
    return True


def _renew_old_demo_pins(ctx) -> None:
    """A demo folder made by an older program has the old 4-digit PINs, hashed without pin.key:
    give its two demo accounts the PINs the sign-in dialog shows now (demo data only; audited)."""
    from sqlalchemy import select  # here, not at the top: the sign-in's demo hint imports this module

    from counter_app.offline.models import Operator

    with ctx.db.read() as s:
        old = [
            staff_id
            for staff_id, keyed in s.execute(
                select(Operator.staff_id, Operator.pin_keyed).where(
                    Operator.staff_id.in_((DEMO_CLERK[0], DEMO_SUPERVISOR[0]))
                )
            )
            if not keyed
        ]
    if not old:
        return
    pins = {DEMO_CLERK[0]: DEMO_CLERK[2], DEMO_SUPERVISOR[0]: DEMO_SUPERVISOR[2]}
    hashes = {staff_id: ctx.accounts.hash_pin(pins[staff_id]) for staff_id in old}  # slow: before the write
    with ctx.db.write() as s:
        for staff_id, pin_hash in hashes.items():
            record = s.execute(select(Operator).where(Operator.staff_id == staff_id)).scalar_one()
            record.pin_hash, record.pin_keyed = pin_hash, True
            ctx.audit.append(
                s, DEMO_SUPERVISOR[0], "operator.pin_reset", detail={"staff_id": staff_id, "reason": "demo"}
            )


def _advance(ctx, case_id: str, states: tuple[str, ...], actor: Actor) -> None:
    from sqlalchemy import select  # here, not at the top: the sign-in's demo hint imports this module

    from counter_app.offline.models import Case

    with ctx.db.write() as s:
        case = s.execute(select(Case).where(Case.case_id == case_id)).scalar_one()
        for state in states:
            now = ctx.clock()
            if state == "SENDING":
                case.attempts = (case.attempts or 0) + 1
                case.last_attempt_at = now
            elif state == "SENT":
                case.official_no = f"DEMO-{case.receipt_no[-6:]}"
                case.registered_at = now
            elif state == "QUARANTINED":
                case.last_error = (
                    "데모: 대상 시스템이 '민원 종류' 항목을 거부함 / demo: the target refused the service field"
                )
            ctx.queue.transition(s, case, state, actor.id, detail="demo")


def ensure_demo_office(ctx) -> DemoInfo:
    """Set up (once) and return the demo office's credentials. See the module docstring."""
    _ensure_office(ctx)
    seeds = len(_SEEDS)
    have = _demo_case_count(ctx)
    if have >= seeds:
        return _info(have)
    try:
        queue = ctx.queue
    except ImportError as exc:  # the case queue is another area's module
        raise UserError(
            Msg(
                "민원 대기열 모듈을 찾을 수 없어 데모 민원을 만들지 못했습니다.",
                "The case queue module is missing, so no demo complaints were created.",
            )
        ) from exc
    clerk = Actor(DEMO_CLERK[0], DEMO_CLERK[1], CLERK)
    supervisor = Actor(DEMO_SUPERVISOR[0], DEMO_SUPERVISOR[1], SUPERVISOR)
    for i, doc in enumerate(_documents(ctx.clock())):
        # The import key makes each seed land once, even if an earlier run stopped half way.
        result = queue.submit(clerk, doc, import_key=f"{IMPORT_PREFIX}{i + 1:02d}")
        if not result.duplicate and i in _LATER_STATES:
            _advance(ctx, result.case_id, _LATER_STATES[i], supervisor)
    log.info("demo office seeded with %d cases", seeds)
    return _info(_demo_case_count(ctx))
