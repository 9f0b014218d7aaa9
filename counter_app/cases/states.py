"""THE case state machine: states, allowed transitions, who may make each one, and their labels.

Intake, documents, sync, the CLI and the GUI share this module (the GUI shows STATE_LABELS, the
CLI offers STATES as choices); nothing else holds a copy. Qt-free and storage-free.

Who moves a case (`Role`):
- "clerk": creates drafts and cases, and re-queues a case the central system refused after
  correcting it (edit);
- "supervisor": everything a clerk may do, and registers a case by hand in the recovered system;
- "sync": the sending machinery (supervisor-run, contracts.md §1 `sync`), the only one that sends.
"""

from __future__ import annotations

import enum
from typing import Literal

from counter_app.errors import UserError
from counter_app.i18n import Msg


class CaseState(str, enum.Enum):
    DRAFT = "DRAFT"
    QUEUED = "QUEUED"
    SENDING = "SENDING"
    SENT = "SENT"
    RETRY_WAIT = "RETRY_WAIT"
    UNKNOWN_OUTCOME = "UNKNOWN_OUTCOME"
    QUARANTINED = "QUARANTINED"
    REGISTERED_MANUALLY = "REGISTERED_MANUALLY"


DRAFT = CaseState.DRAFT.value
QUEUED = CaseState.QUEUED.value
SENDING = CaseState.SENDING.value
SENT = CaseState.SENT.value
RETRY_WAIT = CaseState.RETRY_WAIT.value
UNKNOWN_OUTCOME = CaseState.UNKNOWN_OUTCOME.value
QUARANTINED = CaseState.QUARANTINED.value
REGISTERED_MANUALLY = CaseState.REGISTERED_MANUALLY.value

STATES: tuple[str, ...] = tuple(s.value for s in CaseState)

Role = Literal["clerk", "supervisor", "sync"]
ROLES: tuple[str, ...] = ("clerk", "supervisor", "sync")
_PEOPLE: frozenset[str] = frozenset({"clerk", "supervisor"})
_SUPERVISOR: frozenset[str] = frozenset({"supervisor"})
_SYNC: frozenset[str] = frozenset({"sync"})

# THE state machine: (from, to) -> who may make the change. None = a case being created.
# Final states (SENT, REGISTERED_MANUALLY) lead nowhere.
ALLOWED: dict[tuple[str | None, str], frozenset[str]] = {
    (None, DRAFT): _PEOPLE,
    (None, QUEUED): _PEOPLE,
    (DRAFT, QUEUED): _PEOPLE,
    (QUEUED, SENDING): _SYNC,
    (QUEUED, REGISTERED_MANUALLY): _SUPERVISOR,
    # a sent request ends in exactly one of: success, a retryable failure, a lost answer, a refusal
    (SENDING, SENT): _SYNC,
    (SENDING, RETRY_WAIT): _SYNC,
    (SENDING, UNKNOWN_OUTCOME): _SYNC,
    (SENDING, QUARANTINED): _SYNC,
    (RETRY_WAIT, SENDING): _SYNC,
    (RETRY_WAIT, REGISTERED_MANUALLY): _SUPERVISOR,
    # resolved by asking the server for the case id: found -> SENT, never received -> QUEUED, or resend
    (UNKNOWN_OUTCOME, SENDING): _SYNC,
    (UNKNOWN_OUTCOME, SENT): _SYNC,
    (UNKNOWN_OUTCOME, QUEUED): _SYNC,
    (UNKNOWN_OUTCOME, REGISTERED_MANUALLY): _SUPERVISOR,
    # a clerk corrects and re-queues (edit), or a supervisor registers it by hand in the recovered system
    (QUARANTINED, QUEUED): _PEOPLE,
    (QUARANTINED, REGISTERED_MANUALLY): _SUPERVISOR,
}

TRANSITIONS: dict[str | None, frozenset[str]] = {
    origin: frozenset(to for (frm, to) in ALLOWED if frm == origin) for origin in (None, *STATES)
}
UNSENT_STATES: tuple[str, ...] = (QUEUED, SENDING, RETRY_WAIT, UNKNOWN_OUTCOME, QUARANTINED)
FINAL_STATES: tuple[str, ...] = (SENT, REGISTERED_MANUALLY)
EDITABLE_STATES: tuple[str, ...] = (QUEUED, QUARANTINED)
# The order screens list states in: what still needs doing first, then the done, then drafts.
DISPLAY_ORDER: tuple[str, ...] = UNSENT_STATES + FINAL_STATES + (DRAFT,)

# One label per state, for the CLI, the GUI (queue_model.state_label) and printed documents.
STATE_LABELS: dict[str, Msg] = {
    DRAFT: Msg("임시 저장", "Draft"),
    QUEUED: Msg("전송 대기", "Queued"),
    SENDING: Msg("전송 중", "Sending"),
    SENT: Msg("등록 완료", "Sent"),
    RETRY_WAIT: Msg("재시도 대기", "Waiting to retry"),
    UNKNOWN_OUTCOME: Msg("결과 확인 필요", "Outcome unknown"),
    QUARANTINED: Msg("보류(확인 필요)", "Quarantined"),
    REGISTERED_MANUALLY: Msg("수기 등록", "Registered by hand"),
}


class InvalidTransition(UserError):
    pass


def state_label(state: str | None, lang: str | None = None) -> str:
    label = STATE_LABELS.get(state or "")
    return label.text(lang) if label else (state or "")


def is_allowed(from_state: str | None, to_state: str, role: str | None = None) -> bool:
    """Whether the machine allows the change (and, with `role`, whether that role may make it;
    a supervisor may make every change a clerk may)."""
    who = ALLOWED.get((from_state, to_state))
    if who is None:
        return False
    return role is None or role in who or (role == "supervisor" and "clerk" in who)


def check_transition(from_state: str | None, to_state: str, role: str | None = None) -> None:
    """THE state machine check. Call before changing the row."""
    if ALLOWED.get((from_state, to_state)) is None:
        raise InvalidTransition(
            Msg(
                f"사건 상태를 {from_state or '(새 사건)'}에서 {to_state}(으)로 바꿀 수 없습니다.",
                f"A case cannot go from {from_state or '(new)'} to {to_state}.",
            )
        )
    if role is not None and not is_allowed(from_state, to_state, role):
        raise InvalidTransition(
            Msg(
                f"{from_state or '(새 사건)'}에서 {to_state}(으)로 바꾸는 일은 이 역할({role})이 할 수 없습니다.",
                f"The role {role} may not move a case from {from_state or '(new)'} to {to_state}.",
            )
        )
