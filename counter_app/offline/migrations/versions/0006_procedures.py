"""procedures: resumable guide walks and the record of completed walks

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

One table, procedure_walks: a walk is 'open' while a clerk is inside a guide (its engine state is
kept like the intake draft, so a closed window resumes it), then 'done' (who, when, which guide
and version, the path taken, the actions, the case it produced) or 'abandoned'. The state of an
open walk may hold what the clerk typed into an input step; it is cleared when the walk ends.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('procedure_walks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('walk_id', sa.String(length=36), nullable=False),
    sa.Column('guide_id', sa.String(length=100), nullable=False),
    sa.Column('guide_version', sa.Integer(), nullable=False),
    sa.Column('operator', sa.String(length=40), nullable=False),
    sa.Column('terminal', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('started_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('finished_at', sa.String(length=32), nullable=True),
    sa.Column('state_json', sa.Text(), nullable=True),
    sa.Column('path_json', sa.Text(), nullable=True),
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('walk_id')
    )
    with op.batch_alter_table('procedure_walks', schema=None) as batch_op:
        batch_op.create_index('ix_procedure_walks_operator_status', ['operator', 'status', 'updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('procedure_walks', schema=None) as batch_op:
        batch_op.drop_index('ix_procedure_walks_operator_status')
    op.drop_table('procedure_walks')
