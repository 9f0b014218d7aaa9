"""office root certificate and terminal signing certificates

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Adds the office root (certificate + passphrase-encrypted key) and the terminal_certificates
ledger with its revocation columns (counter_app/pki.py). Offices set up before this revision get
their root and first terminal certificate on the next supervisor unlock or `office certificate issue`.

It also writes the audit anchor for a database whose chain has entries but no readable anchor
beside it: from this revision on, `audit verify` treats a missing anchor as a failure, and a
database from a program that kept no anchor (or whose anchor was lost before the upgrade) would
otherwise never verify again. What happened to the chain before this moment cannot be checked
(offline/audit.py says so).
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.add_column(sa.Column('root_certificate', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('root_key_enc', sa.LargeBinary(), nullable=True))

    op.create_table('terminal_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=40), nullable=False),
    sa.Column('terminal', sa.String(length=8), nullable=False),
    sa.Column('certificate', sa.LargeBinary(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('not_before', sa.String(length=32), nullable=False),
    sa.Column('not_after', sa.String(length=32), nullable=False),
    sa.Column('issued_at', sa.String(length=32), nullable=False),
    sa.Column('issued_by', sa.String(length=40), nullable=False),
    sa.Column('revoked_at', sa.String(length=32), nullable=True),
    sa.Column('revoked_by', sa.String(length=40), nullable=True),
    sa.Column('revocation_reason', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('serial')
    )
    with op.batch_alter_table('terminal_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_terminal_certificates_terminal'), ['terminal'], unique=False)

    _anchor_an_unanchored_chain()


def _anchor_an_unanchored_chain() -> None:
    from counter_app.offline.audit import anchor_path_for_database, read_anchor, write_anchor

    bind = op.get_bind()
    database = bind.engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return
    head = bind.exec_driver_sql("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    path = anchor_path_for_database(database)
    if head is not None and read_anchor(path) is None:
        write_anchor(path, int(head[0]), head[1])


def downgrade() -> None:
    with op.batch_alter_table('terminal_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_terminal_certificates_terminal'))

    op.drop_table('terminal_certificates')
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_column('root_key_enc')
        batch_op.drop_column('root_certificate')
