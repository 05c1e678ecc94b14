"""告知事項 as each pamphlet asks them: what kind of answer each one needs, read from its wording.

The catalogue holds each pamphlet's 告知事項 as notes (kind "disclosure"), in the pamphlet's order. A note is
not a yes/no question: Mitsui asks 「…の有無」 (あり／なし, and what happened), AIG asks 「保険の対象業務の
内容」 (a description) and 「他の保険契約の有無およびその内容」, Sompo says every entry of the application is a
告知事項 and names the ones that matter. `questions(product)` turns each note into a question with the
answer it needs; `problems(...)` says what is still missing.

Kinds (tests/unit/test_disclosures.py lists the kind of every note of every programme):
- statement: 「申込書等の記載事項全て」 — a heading, nothing to answer;
- applicant: 「記名被保険者」 — answered by the applicant's name;
- yes_no: 「…の有無（およびその内容）」 — あり／なし, and the content when あり;
- basis: the premium's basis (売上高 …) — answered by the revenue field, with room for other figures;
- optional_text: 「…を記載する場合はその内容」「申込書以外の書面で告知を求めた事項」 — content if any;
- confirm: 「確認し、相違があれば訂正」 — the agent confirms it with the applicant;
- text: anything else (業務の内容) — a description, required.
"""

from __future__ import annotations

from dataclasses import dataclass

from comparisons.domain.types import NoteInfo, ProductInfo, Source

ANSWER_LABELS = {"yes": "あり", "no": "なし"}


@dataclass(frozen=True)
class Question:
    index: int
    title: str
    body: str
    kind: str
    detail_label: str
    required: bool
    source: Source | None = None

    @property
    def key(self) -> str:
        return str(self.index)


def kind_of(note: NoteInfo) -> str:
    """The kind of answer a 告知事項 note asks for (see the module's docstring)."""
    text = f"{note.title} {note.body}"
    if "記載事項全て" in note.body:
        return "statement"
    if "確認" in note.title and ("訂正" in note.body or "相違" in note.body):
        return "confirm"
    if "有無" in note.body:
        return "yes_no"
    if note.body.strip() == "記名被保険者":
        return "applicant"
    if "記載する場合" in note.body or "書面で告知を求めた" in note.body:
        return "optional_text"
    if "売上高" in text or "算出基礎" in text:
        return "basis"
    return "text"


DETAIL_LABELS = {
    "yes_no": "「あり」の場合、その内容（いつ・何があったか・相手・金額など）",
    "basis": "売上高以外の算出基礎（該当する場合：生徒数・児童数、病床数など）",
    "optional_text": "該当する場合、その内容",
    "text": "回答（内容）",
}


def questions(product: ProductInfo) -> list[Question]:
    """The programme's 告知事項 in the pamphlet's order, each with the answer it needs."""
    out = []
    for index, note in enumerate(product.notes_of("disclosure")):
        kind = kind_of(note)
        out.append(
            Question(
                index=index,
                title=note.title,
                body=note.body,
                kind=kind,
                detail_label=DETAIL_LABELS.get(kind, ""),
                required=kind in ("yes_no", "text", "confirm"),
                source=note.source,
            )
        )
    return out


def answer_of(answers: dict, question: Question) -> dict:
    """The stored answer {"answer", "detail"} (old answers were a bare "yes"/"no")."""
    raw = (answers or {}).get(question.key) or {}
    if isinstance(raw, str):
        raw = {"answer": raw, "detail": ""}
    return {"answer": raw.get("answer", ""), "detail": raw.get("detail", "")}


def problems(questions_: list[Question], answers: dict, *, revenue: int | None) -> list[str]:
    """What is still missing before the application can be submitted, one Japanese sentence each."""
    out = []
    for q in questions_:
        a = answer_of(answers, q)
        if q.kind == "yes_no":
            if a["answer"] not in ANSWER_LABELS:
                out.append(f"告知事項「{q.title}」の「あり／なし」を選んでください。")
            elif a["answer"] == "yes" and not a["detail"].strip():
                out.append(f"告知事項「{q.title}」が「あり」のときは、その内容を記入してください。")
        elif q.kind == "text" and not a["detail"].strip():
            out.append(f"告知事項「{q.title}」の内容を記入してください。")
        elif q.kind == "confirm" and a["answer"] != "confirmed":
            out.append(f"告知事項「{q.title}」を加入者と確認し、チェックしてください。")
        elif q.kind == "basis" and revenue is None:
            out.append(f"告知事項「{q.title}」のため、年間売上高を入力してください。")
    return out


def display(question: Question, answer: dict, *, applicant_name: str = "", revenue_text: str = "") -> str:
    """An answer in words (application page, PDF, audit trail)."""
    if question.kind == "statement":
        return "この申込書の記載事項すべて"
    if question.kind == "applicant":
        return applicant_name or "（加入者名が未入力）"
    if question.kind == "confirm":
        return "加入者と確認済み" if answer["answer"] == "confirmed" else "未確認"
    parts = []
    if question.kind == "yes_no":
        parts.append(ANSWER_LABELS.get(answer["answer"], "未回答"))
    if question.kind == "basis":
        parts.append(f"年間売上高 {revenue_text or '未入力'}")
    if answer["detail"].strip():
        parts.append(answer["detail"].strip())
    elif question.kind in ("text",):
        parts.append("未記入")
    return "：".join(parts[:1]) + ("（" + "・".join(parts[1:]) + "）" if len(parts) > 1 else "")
