"""status board cache: status_snapshots (run-length fetch log), status_notes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('status_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=1000), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('fetched_at', sa.String(length=32), nullable=False),
    sa.Column('last_fetched_at', sa.String(length=32), nullable=False),
    sa.Column('fetch_count', sa.Integer(), nullable=False),
    sa.Column('source_updated_at', sa.String(length=32), nullable=True),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('warnings', sa.Text(), nullable=True),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('restored', sa.Integer(), nullable=True),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('status_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_status_snapshots_source', ['location', 'kind', 'id'], unique=False)

    op.create_table('status_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('author_name', sa.String(length=40), nullable=True),
    sa.Column('system_id', sa.String(length=120), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('status_notes')
    with op.batch_alter_table('status_snapshots', schema=None) as batch_op:
        batch_op.drop_index('ix_status_snapshots_source')

    op.drop_table('status_snapshots')
