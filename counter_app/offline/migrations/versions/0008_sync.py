"""sync: lease, attempts, Open311 tokens, sync runs, purge log

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

- `sync_lease`: one row; the one sync worker of this data directory (counter_app/sync/lease.py).
- `sync_runs`: each supervisor sync run, its target (no credentials), outcome counts.
- `sync_attempts`: each attempt to register (or look up) one case: outcome, HTTP status, reason.
- `open311_tokens`: GeoReport v2 tokens, stored before polling so it resumes after a restart.
- `purge_log`: each retention purge of one case's personal data (field names, never values).
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_lease',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('holder', sa.String(length=64), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('acquired_at', sa.String(length=32), nullable=False),
    sa.Column('expires_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sync_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=20), nullable=False),
    sa.Column('target', sa.String(length=500), nullable=False),
    sa.Column('operator', sa.String(length=40), nullable=False),
    sa.Column('started_at', sa.String(length=32), nullable=False),
    sa.Column('ended_at', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('counts_json', sa.Text(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sync_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_pk', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_pk'], ['cases.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['run_id'], ['sync_runs.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sync_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_attempts_case_pk'), ['case_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_attempts_run_id'), ['run_id'], unique=False)
    op.create_table('open311_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_pk', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=500), nullable=False),
    sa.Column('token', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('polled_at', sa.String(length=32), nullable=True),
    sa.Column('service_request_id', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['case_pk'], ['cases.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_pk')
    )
    op.create_table('purge_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_pk', sa.Integer(), nullable=False),
    sa.Column('purged_at', sa.String(length=32), nullable=False),
    sa.Column('purged_by', sa.String(length=40), nullable=False),
    sa.Column('fields', sa.String(length=200), nullable=False),
    sa.Column('registered_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['case_pk'], ['cases.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('purge_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purge_log_case_pk'), ['case_pk'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('purge_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purge_log_case_pk'))
    op.drop_table('purge_log')
    op.drop_table('open311_tokens')
    with op.batch_alter_table('sync_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_attempts_run_id'))
        batch_op.drop_index(batch_op.f('ix_sync_attempts_case_pk'))
    op.drop_table('sync_attempts')
    op.drop_table('sync_runs')
    op.drop_table('sync_lease')
