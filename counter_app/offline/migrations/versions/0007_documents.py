"""documents: the gapless document ledger (serials, prints and reprints, expiry) and trusted roots

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

- `documents`: one row per issued document (counter_app/documents/ledger.py). `seq` counts every
  document this terminal issued on one KST day without a gap (taken inside the write lock, next
  to the audit entry); the serial `{7-digit code}-{YYYYMMDD}-{terminal}-{seq}{check}` is unique;
  `code` is the short verification code a clerk reads out on the phone; `payload` the signed
  CWT claims (a reprint signs the same claims again; no raw personal data: the name is only in
  the salted hash) and `payload_sha256` its hash, so the issuer can tell its own serial carrying
  other claims;
  `closed_at`/`closed_reason` end an interim confirmation early (its case was registered).
- `document_prints`: every print of a serial (the first and each 재발급), who and when.
- `trusted_roots`: other offices' root certificates (counter_app/trust.py), with the revoked
  terminal serials of the last CRL imported for that root.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=48), nullable=False),
    sa.Column('day', sa.String(length=8), nullable=False),
    sa.Column('terminal', sa.String(length=8), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('typ', sa.String(length=16), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.Column('receipt_no', sa.String(length=40), nullable=True),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('payload_sha256', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('issued_at', sa.String(length=32), nullable=False),
    sa.Column('expires_at', sa.String(length=32), nullable=False),
    sa.Column('issued_by', sa.String(length=40), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('prints', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.String(length=32), nullable=True),
    sa.Column('closed_reason', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('serial'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('terminal', 'day', 'seq', name='uq_documents_terminal_day_seq')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_case_id'), ['case_id'], unique=False)

    op.create_table('document_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('printed_at', sa.String(length=32), nullable=False),
    sa.Column('printed_by', sa.String(length=40), nullable=False),
    sa.Column('reprint', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document_prints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_prints_document_id'), ['document_id'], unique=False)

    op.create_table('trusted_roots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('office_code', sa.String(length=10), nullable=True),
    sa.Column('office_name', sa.String(length=200), nullable=True),
    sa.Column('certificate', sa.LargeBinary(), nullable=False),
    sa.Column('not_after', sa.String(length=32), nullable=False),
    sa.Column('added_at', sa.String(length=32), nullable=False),
    sa.Column('added_by', sa.String(length=40), nullable=False),
    sa.Column('revoked_serials', sa.Text(), nullable=True),
    sa.Column('crl_updated_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fingerprint')
    )


def downgrade() -> None:
    op.drop_table('trusted_roots')
    with op.batch_alter_table('document_prints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_prints_document_id'))
    op.drop_table('document_prints')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_case_id'))
    op.drop_table('documents')
