"""`trainer draft` end to end: every bundled, documented and test article drafts to a bank that validates
with no error as written, whose facts yield questions, the same bytes every time; `--update` keeps the
teacher's edits; bad input is a message, not a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trainer.bank.loading import load_bank
from trainer.cli import main
from trainer.commands.validate import check
from trainer.draft.drafting import draft
from trainer.questions.generate import generate

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = {
    "khasham": ROOT / "question_bank/khasham/khasham.txt",
    "solar-system": ROOT / "docs/examples/solar-system/solar-system.txt",
    "achaemenid": ROOT / "tests/banks/quality/achaemenid/achaemenid.txt",
    "jupiter": ROOT / "tests/banks/quality/jupiter/jupiter.txt",
    "mary-shelley": ROOT / "tests/banks/quality/mary-shelley/mary-shelley.txt",
    "eiffel-tower": ROOT / "tests/banks/draft/eiffel-tower.txt",  # lettered notes only
    "printing": ROOT / "tests/banks/draft/printing.txt",  # dates in many forms, [12][13] runs
}


@pytest.mark.parametrize("name", ARTICLES)
def test_each_article_drafts_to_a_bank_with_no_error_whose_facts_yield_questions(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / name
    assert main(["draft", str(ARTICLES[name]), "-o", str(folder)]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert "facts proposed" in summary and "0 errors" in summary
    result, problems, loaded = check(str(folder))
    assert result["errors"] == 0, [str(p) for p in problems]
    assert loaded is not None and len(loaded.bank.facts) >= 10
    asked = {fact_id for q in generate(loaded) for fact_id in q.facts}
    assert len(asked) >= len(loaded.bank.facts) // 4
    assert (folder / ARTICLES[name].name).read_text() == ARTICLES[name].read_text()
    # The teacher's next two commands take the folder as it is.
    assert main(["validate", str(folder)]) == 0
    assert main(["questions", str(folder)]) == 0


def test_every_fact_without_a_question_says_why(tmp_path: Path) -> None:
    draft(ARTICLES["mary-shelley"], tmp_path / "b")
    loaded = load_bank(tmp_path / "b" / "bank.toml")
    asked = {fact_id for q in generate(loaded) for fact_id in q.facts}
    text = (tmp_path / "b" / "bank.toml").read_text()
    for block in text.split("[[facts]]")[1:]:
        fact_id = block.split('id = "', 1)[1].split('"', 1)[0]
        assert (fact_id in asked) != ("# TODO: no question yet:" in block), fact_id


def test_lettered_notes_are_detected_and_cited(tmp_path: Path) -> None:
    draft(ARTICLES["eiffel-tower"], tmp_path / "eiffel")
    loaded = load_bank(tmp_path / "eiffel" / "bank.toml")
    assert loaded.bank.sources[0].marker_pattern == r"\[[a-z]\]"
    cited = {c for fact in loaded.bank.facts for c in fact.citations}
    assert {"[a]", "[c]", "[h]"} <= cited


def test_dates_in_many_forms_become_whens(tmp_path: Path) -> None:
    draft(ARTICLES["printing"], tmp_path / "printing")
    loaded = load_bank(tmp_path / "printing" / "bank.toml")
    whens = {f.when.label or f.when.date: f.when for f in loaded.bank.facts if f.when}
    assert whens["c. 1450"].date == "1450" and whens["c. 1450"].approximate
    assert whens["January 1, 1788"].date == "1788-01-01"
    assert whens["18 November 1477"].date == "1477-11-18"
    assert whens["1785-01-01"].date == "1785-01-01"
    assert whens["January 1799"].date == "1799-01"
    text = (tmp_path / "printing" / "bank.toml").read_text()
    assert "# FORMAT: when: a decade ('the 1760s') cannot be a `when` yet" in text


def test_the_draft_is_the_same_every_time(tmp_path: Path) -> None:
    for run in ("one", "two"):
        draft(ARTICLES["jupiter"], tmp_path / run / "jupiter")
    first, second = ((tmp_path / run / "jupiter" / "bank.toml").read_bytes() for run in ("one", "two"))
    assert first == second


def test_update_keeps_ids_and_the_teachers_edits(tmp_path: Path) -> None:
    article = tmp_path / "solar-system.txt"
    shutil.copy(ARTICLES["solar-system"], article)
    folder = tmp_path / "bank"
    draft(article, folder)
    bank_file = folder / "bank.toml"
    before = load_bank(bank_file)
    herschel = next(f for f in before.bank.facts if "Herschel" in f.quote)
    edited = bank_file.read_text().replace(
        f"statement = {herschel.statement!r}".replace("'", '"'),
        'statement = "William Herschel discovered Uranus on 13 March 1781."\n# teacher: checked',
    )
    assert edited != bank_file.read_text()
    bank_file.write_text(edited)
    article.write_text(
        article.read_text()
        .replace("Eight planets orbit the Sun.", "Eight major planets orbit the Sun.")
        .replace(
            "Mercury the smallest.", "Mercury the smallest. Pluto was called a planet from 1930 to 2006."
        )
    )
    report = draft(article, folder, update=True)
    assert report.problems == [] or all(p.severity == "warning" for p in report.problems)
    text = bank_file.read_text()
    assert 'statement = "William Herschel discovered Uranus on 13 March 1781."\n# teacher: checked' in text
    after = load_bank(bank_file)
    ids_after = [f.id for f in after.bank.facts]
    old_planets = next(f.id for f in before.bank.facts if f.quote == "Eight planets orbit the Sun.")
    assert report.dropped == [old_planets]
    kept = [f.id for f in before.bank.facts if f.id != old_planets]
    assert [i for i in ids_after if i in kept] == kept
    assert {f.quote for f in after.bank.facts} >= {"Eight major planets orbit the Sun."}
    assert text.count("# Drafted by `trainer draft`") == 1
    # A second redraft of the same article changes nothing.
    draft(article, folder, update=True)
    assert bank_file.read_text() == text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["draft", "no-such-article.txt", "-o", "out"], "no-such-article.txt: no such file"),
        (["draft", "ARTICLE", "-o", "out", "--markers", "roman"], "unknown marker style 'roman'"),
    ],
)
def test_bad_input_is_a_message(
    argv: list[str],
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(ARTICLES["solar-system"], tmp_path / "ARTICLE")
    assert main(argv) == 1
    assert message in capsys.readouterr().err


def test_an_article_that_is_not_utf8_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_bytes(b"Title\n\n[1] Caf\xe9 society began in 1920.")
    assert main(["draft", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out")]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def test_later_that_same_day_follows_the_fact_before_it_across_passages(tmp_path: Path) -> None:
    draft(ARTICLES["khasham"], tmp_path / "k")
    facts = load_bank(tmp_path / "k" / "bank.toml").bank.facts
    later = next(f for f in facts if f.quote.startswith("Later that same day, under the cover of darkness"))
    before = facts[facts.index(later) - 1]
    assert "5 a.m." in before.quote
    assert later.when is not None and (later.when.after, later.when.date) == (before.id, "2018-02-07")


def test_no_answer_where_another_amount_competes(tmp_path: Path) -> None:
    draft(ARTICLES["khasham"], tmp_path / "k")
    facts = load_bank(tmp_path / "k" / "bank.toml").bank.facts
    claim = next(f for f in facts if "80–100 PMCs were killed and 200 wounded" in f.quote)
    assert claim.answer is None
