"""accounts: passphrase failure throttling and keyed PIN hashes

- operators.pin_keyed: whether pin_hash is keyed with the data folder's pin.key (accounts.PinKey).
  Accounts of an older database are unkeyed (0) and are re-hashed keyed at their next good sign-in.
- failure_counters: failed attempts at the supervisor passphrase, and at staff ids that have no
  account, kept in the database so a command-line loop cannot start afresh each run.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('operators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pin_keyed', sa.Boolean(), server_default='0', nullable=False))
    op.create_table('failure_counters',
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('last_failed_at', sa.String(length=32), nullable=True),
    sa.Column('locked_until', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('subject')
    )


def downgrade() -> None:
    op.drop_table('failure_counters')
    with op.batch_alter_table('operators', schema=None) as batch_op:
        batch_op.drop_column('pin_keyed')
