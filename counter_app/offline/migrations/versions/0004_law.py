"""deadline law: case received-through-system flag, extensions, ad hoc holidays, office periods

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

- cases.received_via_system (시행령 제20조 2호: only a case received through the failed system has
  the outage excluded from its period); existing cases were taken at the counter: 0.
- case_extensions (시행령 제21조), adhoc_holidays (관공서의 공휴일에 관한 규정 제2조11호),
  office_periods (an office's own period for a service, from the 민원처리기준표).
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_via_system', sa.Boolean(), server_default='0', nullable=False))

    op.create_table('case_extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_pk', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('previous_due', sa.String(length=32), nullable=False),
    sa.Column('until', sa.String(length=32), nullable=False),
    sa.Column('reason_code', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('applicant_consent', sa.Boolean(), nullable=False),
    sa.Column('decided_by', sa.String(length=20), nullable=False),
    sa.Column('decided_at', sa.String(length=32), nullable=False),
    sa.Column('notice_printed_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['case_pk'], ['cases.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_extensions_case_pk'), ['case_pk'], unique=False)

    op.create_table('adhoc_holidays',
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('recorded_by', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('office_periods',
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('period_days', sa.Integer(), nullable=True),
    sa.Column('period_hours', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('set_by', sa.String(length=20), nullable=False),
    sa.Column('set_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('service_code')
    )


def downgrade() -> None:
    op.drop_table('office_periods')
    op.drop_table('adhoc_holidays')
    with op.batch_alter_table('case_extensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_extensions_case_pk'))
    op.drop_table('case_extensions')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('received_via_system')
