"""Office bundles: unsent cases carried by hand to another counter or the district
(`export --out FILE [--to ROOT.pem]`, `import FILE`).

The file (JSON, `counter_app.bundle/1`):
    {"format": "counter_app.bundle/1", "payload": base64url(P), "signature": base64url(r‖s),
     "x5c": [terminal certificate DER, root DER] (base64)}
P is the canonical JSON of {"office_code", "terminal", "created_at", "recipient" (SHA-256 of the
receiving office's root certificate), "cases": [{"case": the case document of contracts.md §1
plus case_id / receipt_no / received_at, without the RRN; "rrn": null or the RRN sealed for the
recipient}]}, signed ES256 by this terminal's key (contracts.md §4 certificates).

- The RRN is sealed for the receiving office's root key (ECDH P-256 with an ephemeral key,
  HKDF-SHA256, AES-256-GCM, the case id as associated data): only that office's supervisor opens
  it. Without `--to` the bundle is for this office's own root (another counter of the same office
  that trusts it).
- Import (supervisor) refuses, naming why: a file changed after signing, a signer this installation
  does not trust (another office whose root was never added with `documents trust add`), a revoked
  or expired signer certificate (trust.py), a bundle made for another office. It is idempotent by
  case UUID: a case already here is skipped, so importing the same bundle twice adds nothing.
- Imported cases are recorded through CaseQueue.submit (same validation, a fresh receipt number of
  this terminal, the RRN re-sealed for this office) keeping their case UUID — the idempotency key
  the central system deduplicates by — and the origin receipt number in the audit log.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from counter_app.cases.states import QUARANTINED, QUEUED, RETRY_WAIT
from counter_app.errors import UserError
from counter_app.i18n import Msg

FORMAT = "counter_app.bundle/1"
EXPORTED_STATES = (QUEUED, RETRY_WAIT, QUARANTINED)
MAX_BUNDLE_BYTES = 200 * 1024 * 1024
_INFO = b"counter_app bundle rrn v1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not text")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _canonical(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _refused(ko: str, en: str) -> UserError:
    return UserError(Msg(f"꾸러미를 가져오지 않았습니다: {ko}", f"The bundle was not imported: {en}"))


def seal_for_root(root_cert, plaintext: bytes, aad: bytes) -> dict:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    eph = ec.generate_private_key(ec.SECP256R1())
    epk = eph.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    shared = eph.exchange(ec.ECDH(), root_cert.public_key())
    key = HKDF(hashes.SHA256(), 32, salt=None, info=_INFO + epk).derive(shared)
    nonce = os.urandom(12)
    return {"epk": _b64(epk), "n": _b64(nonce), "ct": _b64(AESGCM(key).encrypt(nonce, plaintext, aad))}


def open_with_root_key(root_key, sealed: dict, aad: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    try:
        epk = _unb64(sealed["epk"])
        peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), epk)
        key = HKDF(hashes.SHA256(), 32, salt=None, info=_INFO + epk).derive(root_key.exchange(ec.ECDH(), peer))
        return AESGCM(key).decrypt(_unb64(sealed["n"]), _unb64(sealed["ct"]), aad)
    except (InvalidTag, KeyError, ValueError, TypeError):
        raise _refused(
            "봉인된 주민등록번호를 열 수 없습니다(다른 사무소용이거나 손상됨).",
            "a sealed RRN does not open (made for another office, or damaged).",
        ) from None


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int
    signed_by: str

    def as_dict(self) -> dict:
        return {"imported": self.imported, "already_here": self.skipped, "signed_by": self.signed_by}


class Bundles:
    def __init__(self, db, queue, office, trust, audit, clock):
        self._db = db
        self._queue = queue
        self._office = office
        self._trust = trust
        self._audit = audit
        self._clock = clock

    # ------------------------------------------------------------------ export
    def export(self, actor, passphrase: str, out: Path | str, to_root_pem: bytes | None = None) -> int:
        """Write the unsent cases (QUEUED, RETRY_WAIT, QUARANTINED) to a signed bundle; audited."""
        from counter_app import pki
        from counter_app.cases.read_models import case_document
        from counter_app.offline.models import Case
        from counter_app.offline.stored_time import kst_iso

        _require_supervisor(actor)
        office = self._office.require()
        keys = self._office.unlock(passphrase, by=actor.id)
        if to_root_pem is not None:
            roots = pki.load_pem_certificates(to_root_pem)
            if len(roots) != 1:
                raise UserError(
                    Msg(
                        "받는 사무소의 최상위 인증서(PEM) 하나를 지정하십시오.",
                        "Give one root certificate (PEM) of the receiving office.",
                    )
                )
            recipient = roots[0]
        else:
            recipient = pki.load_certificate(office.root_certificate)
        signer = self._office.terminal_signer()
        items = []
        with self._db.read() as s:
            cases = list(s.execute(select(Case).where(Case.state.in_(EXPORTED_STATES)).order_by(Case.id)).scalars())
        for case in cases:
            document = case_document(case, self._queue.catalogue)
            document.update(
                {"case_id": case.case_id, "receipt_no": case.receipt_no, "received_at": kst_iso(case.received_at)}
            )
            rrn = None
            if case.rrn_sealed is not None:
                clear = keys.unsealer.unseal(case.rrn_sealed, case.case_id.encode("ascii"))
                rrn = seal_for_root(recipient, clear, case.case_id.encode("ascii"))
            items.append({"case": document, "rrn": rrn})
        payload = _canonical(
            {
                "office_code": office.hdong_code,
                "terminal": office.terminal_id,
                "created_at": kst_iso(self._clock()),
                "recipient": pki.fingerprint(recipient),
                "cases": items,
            }
        )
        bundle = {
            "format": FORMAT,
            "payload": _b64(payload),
            "signature": _b64(signer.sign(payload)),
            "x5c": [base64.b64encode(der).decode("ascii") for der in signer.certificate_chain_der()],
        }
        target = Path(out)
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(bundle, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)
            raise UserError(Msg("꾸러미 파일을 쓸 수 없습니다.", "Cannot write the bundle file.")) from None
        with self._db.write() as s:
            self._audit.append(
                s, actor.id, "bundle.export", detail={"cases": len(items), "recipient": pki.fingerprint(recipient)[:16]}
            )
        return len(items)

    # ------------------------------------------------------------------ import
    def read(self, path: Path | str) -> tuple[dict, Any]:
        """The verified payload and who signed it, or UserError naming why not."""
        from counter_app import pki

        try:
            raw = Path(path).read_bytes()[: MAX_BUNDLE_BYTES + 1]
        except OSError:
            raise UserError(Msg("꾸러미 파일을 읽을 수 없습니다.", "Cannot read the bundle file.")) from None
        try:
            if len(raw) > MAX_BUNDLE_BYTES:
                raise ValueError("too large")
            bundle = json.loads(raw)
            if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
                raise ValueError("format")
            payload = _unb64(bundle["payload"])
            signature = _unb64(bundle["signature"])
            chain = [base64.b64decode(c) for c in bundle["x5c"]]
        except (ValueError, KeyError, TypeError):
            raise _refused("꾸러미 파일 형식이 아닙니다.", "this is not a bundle file.") from None
        if not chain or not pki.verify_es256(chain[0], signature, payload):
            raise _refused("서명한 뒤에 내용이 바뀌었습니다.", "it was changed after it was signed.")
        try:
            signed_by = self._trust.verify(chain)
        except pki.ChainError as exc:
            raise _refused(exc.msg.ko, exc.msg.en) from None
        try:
            doc = json.loads(payload)
        except ValueError:
            raise _refused("꾸러미 내용을 읽을 수 없습니다.", "its content is unreadable.") from None
        return doc, signed_by

    def import_(self, actor, passphrase: str, path: Path | str) -> ImportResult:
        from counter_app import pki
        from counter_app.intake.validation import APPLICANT_KEYS, TOP_KEYS
        from counter_app.offline.repository import CaseRepository

        _require_supervisor(actor)
        office = self._office.require()
        self._office.check_passphrase(passphrase, by=actor.id)
        doc, signed_by = self.read(path)
        own_root = pki.load_certificate(office.root_certificate)
        if doc.get("recipient") != pki.fingerprint(own_root):
            raise _refused("다른 사무소에 보내려고 만든 꾸러미입니다.", "it was made for another office.")
        root_key = pki.decrypt_root_key(office.root_key_enc, passphrase)
        imported = skipped = 0
        who = f"{signed_by.office_code}/{signed_by.terminal}"
        for item in doc.get("cases") or []:
            case = item.get("case") if isinstance(item, dict) else None
            if not isinstance(case, dict) or not isinstance(case.get("case_id"), str):
                continue
            case_id: str = case["case_id"]
            with self._db.read() as s:
                exists = CaseRepository.maybe_case(s, case_id) is not None
            if exists:
                skipped += 1
                continue
            submitted = {k: v for k, v in case.items() if k in TOP_KEYS}
            submitted["applicant"] = {k: v for k, v in (case.get("applicant") or {}).items() if k in APPLICANT_KEYS}
            if item.get("rrn"):
                rrn = open_with_root_key(root_key, item["rrn"], case_id.encode("ascii"))
                submitted["applicant"]["rrn"] = rrn.decode("ascii")
            result = self._queue.submit(actor, submitted, case_id=case_id, import_key=f"bundle:{case_id}")
            if result.duplicate:
                skipped += 1
                continue
            imported += 1
            with self._db.write() as s:
                self._audit.append(
                    s,
                    actor.id,
                    "bundle.import_case",
                    case_id=case_id,
                    detail={"from": who, "origin_receipt_no": case.get("receipt_no"), "receipt_no": result.receipt_no},
                )
        with self._db.write() as s:
            self._audit.append(
                s, actor.id, "bundle.import", detail={"from": who, "imported": imported, "already_here": skipped}
            )
        return ImportResult(imported, skipped, who)


def _require_supervisor(actor) -> None:
    if not getattr(actor, "is_supervisor", False):
        raise UserError(Msg("감독자만 할 수 있는 작업입니다.", "Only a supervisor may do this."))
