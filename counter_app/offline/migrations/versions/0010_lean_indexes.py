"""lean indexes: two that nothing reads, out of every intake's commit

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

ix_cases_state repeats the leading column of ix_cases_state_received (every `state = ?` query
uses that one), and no query filters or sorts audit_log by action. Each was one more B-tree page
written and fsynced by every intake. Dropping an index loses no data.
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_cases_state', table_name='cases')
    op.drop_index('ix_audit_log_action', table_name='audit_log')


def downgrade() -> None:
    op.create_index('ix_audit_log_action', 'audit_log', ['action'], unique=False)
    op.create_index('ix_cases_state', 'cases', ['state'], unique=False)
