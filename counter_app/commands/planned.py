"""Commands in contracts.md whose capability is not built yet: they say so plainly (exit 1)."""

from __future__ import annotations

from counter_app.errors import UserError
from counter_app.i18n import Msg

PLANNED: dict[str, tuple[str, str]] = {}


def register(sub) -> None:
    for name, (ko, en) in PLANNED.items():
        p = sub.add_parser(name, help=f"{en} (not built yet)")
        p.add_argument("rest", nargs="*")
        p.set_defaults(handler=_not_yet(ko, en))


def _not_yet(ko: str, en: str):
    def handler(args, runner):
        raise UserError(Msg(f"{ko} 기능은 아직 만들어지지 않았습니다.", f"The {en} feature is not built yet."))

    return handler
