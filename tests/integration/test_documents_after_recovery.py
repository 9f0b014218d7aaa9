"""An interim confirmation expires when its case is registered after recovery (issue 9 §2): a case
sent by a real sync run to the rehearsal Intake API on loopback (SENT), and one a supervisor marks
registered by hand (REGISTERED_MANUALLY). Verifying the confirmation — its QR text, its PDF, its
phone code — then refuses it with the reason named, while the receipt of the same case stays
good; and no new interim confirmation is issued for a registered case."""

from __future__ import annotations

import random

import pytest
from conftest import PASSPHRASE
from helpers.sync import (
    TOKEN,
    Sleeps,
    queue_cases,
)

from counter_app.actor import SUPERVISOR, Actor
from counter_app.errors import UserError
from counter_app.sync.engine import SyncOptions
from counter_app.sync.intake_api import IntakeApiClient

REGISTERED_KO = "시스템에 등록되어 확인서의 효력이 끝났습니다"


def _sync(ctx, server) -> None:
    keys = ctx.office.unlock(PASSPHRASE, by="test")
    client = IntakeApiClient(server.url, TOKEN)
    try:
        engine = ctx.sync.engine(
            client,
            actor_id="S001",
            unsealer=keys.unsealer,
            options=SyncOptions(batch=1),
            sleep=Sleeps(),
            rng=random.Random(1),
        )
        result = engine.run()
    finally:
        client.close()
    assert result.status == "done", result.as_dict()


def _receipt_no(ctx, case_id: str) -> str:
    return ctx.queue.case_record(case_id).receipt_no


def _assert_expired_by_registration(ctx, issued) -> None:
    for verdict in (
        ctx.documents.verify_text(issued.qr_text),
        ctx.documents.verify_pdf(issued.pdf),
        ctx.documents.verify_code(issued.code),
    ):
        assert not verdict.ok and verdict.reason == "case_registered"
        assert REGISTERED_KO in verdict.message.ko and "no longer in force" in verdict.message.en
        assert verdict.facts["serial"] == issued.serial  # the clerk still sees which paper it was


def test_an_interim_confirmation_expires_when_sync_registers_its_case(office_ctx, server):
    (case_id,) = queue_cases(office_ctx, 1)
    rno = _receipt_no(office_ctx, case_id)
    interim = office_ctx.documents.interim("C001", rno)
    receipt = office_ctx.documents.receipt("C001", rno)
    assert office_ctx.documents.verify_pdf(interim.pdf).ok and office_ctx.documents.verify_code(interim.code).ok

    _sync(office_ctx, server)
    assert office_ctx.queue.case_record(case_id).state == "SENT"

    _assert_expired_by_registration(office_ctx, interim)
    assert office_ctx.documents.verify_pdf(receipt.pdf).ok  # the receipt proves the time of application still
    with pytest.raises(UserError) as refused:
        office_ctx.documents.interim("C001", rno)
    assert "임시 확인서를 발급하지 않습니다" in refused.value.msg.ko
    assert office_ctx.documents.receipt("C001", rno).reprint == 1  # a receipt reprint is still given


def test_an_interim_confirmation_expires_when_a_supervisor_marks_its_case_registered(office_ctx):
    (case_id,) = queue_cases(office_ctx, 1)
    interim = office_ctx.documents.interim("C001", _receipt_no(office_ctx, case_id))
    assert office_ctx.documents.verify_text(interim.qr_text).ok

    boss = Actor("S001", "김담당", SUPERVISOR)
    office_ctx.sync.mark_registered(boss, case_id, "2026-0001234", "re-keyed into 새올 by hand")
    assert office_ctx.queue.case_record(case_id).state == "REGISTERED_MANUALLY"

    _assert_expired_by_registration(office_ctx, interim)
