"""status desk: board versions and their history

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

status_desk_versions keeps every version of the supervisor's editable board (the whole native
feed document, who, when, what changed); status_desk_publications records each `status publish`
(which version, who, when, the feed's SHA-256). Feed data only: no personal data.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('status_desk_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('author_name', sa.String(length=100), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('system_id', sa.String(length=100), nullable=True),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('status_desk_publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('author', sa.String(length=40), nullable=False),
    sa.Column('feed_sha256', sa.String(length=64), nullable=False),
    sa.Column('out_dir', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['status_desk_versions.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('status_desk_publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_desk_publications_version_id'), ['version_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('status_desk_publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_desk_publications_version_id'))
    op.drop_table('status_desk_publications')
    op.drop_table('status_desk_versions')
