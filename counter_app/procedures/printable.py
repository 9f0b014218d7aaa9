"""A one-page printable checklist of a guide (HTML for Qt's QTextDocument; Qt-free here).

Compact on purpose: step titles, checklist items and answers with boxes to tick by hand, the paper
forms to use and the numbers to refer to, and the legal basis (unverified facts marked). The
long explanations stay on screen.
"""

from __future__ import annotations

from html import escape

from counter_app.i18n import Msg
from counter_app.procedures.model import Guide, Text

BOX = "☐"


def checklist_html(guide: Guide, lang: str = "ko") -> str:
    def t(text: Text) -> str:
        return escape(text.text(lang))

    def label(ko: str, en: str) -> str:
        return escape(Msg(ko, en).text(lang))

    out = [
        "<html><body style='font-family: NanumGothic, sans-serif; font-size: 9pt;'>",
        f"<h2 style='margin:0'>{t(guide.title)}</h2>",
        f"<p style='margin:2px 0; color:#444'>{escape(guide.id)} · v{guide.version} · {t(guide.summary)}</p>",
        "<ol style='margin-top:4px'>",
    ]
    for step in guide.steps.values():
        out.append(f"<li><b>{t(step.title)}</b>")
        lines = []
        lines += [f"{BOX} {t(item)}" for item in step.items]
        lines += [f"{BOX} {t(c.label)} → {escape(guide.steps[c.next].title.text(lang))}" for c in step.choices]
        lines += [f"{BOX} {t(f.label)}: ________" for f in step.fields]
        if step.form:
            lines.append(label("종이 서식: ", "Paper form: ") + t(step.form))
        if step.agency:
            lines.append(f"{BOX} {t(step.agency)} ☎ {escape(step.phone or '')}")
        if step.action == "open_intake":
            lines.append(
                f"{BOX} "
                + label(
                    "민원 접수 화면에 입력·저장 (접수번호: ________)",
                    "Entered and saved on the intake form (receipt no. ________)",
                )
            )
        if lines:
            out.append("<br/>" + "<br/>".join(lines))
        out.append("</li>")
    out.append("</ol>")
    if guide.legal_basis:
        out.append("<p style='margin:2px 0'><b>" + label("근거", "Legal basis") + "</b><br/>")
        marks = [
            t(b.text) + (" <i>(" + label("미확인", "unverified") + ")</i>" if b.unverified else "")
            for b in guide.legal_basis
        ]
        out.append("<br/>".join(marks) + "</p>")
    out.append(
        "<p style='color:#666'>"
        + label("담당자: ________  일시: ________", "Official: ________  Date and time: ________")
        + "</p>"
    )
    out.append("</body></html>")
    return "".join(out)
