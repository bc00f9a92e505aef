"""Every key: the app's and those of the screen the learner came from, read from the bindings themselves
so the list cannot drift from what the keys do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from trainer.tui.widgets.reorder_list import ReorderList

NAVIGATION = [
    ("↑ ↓", "move through options and lists"),
    ("Enter", "choose the highlighted option"),
    ("mouse", "click an option; drag an item of an ordering"),
    ("PgUp PgDn", "scroll a long explanation"),
    ("ctrl+p", "command palette (themes, quit, keys)"),
]


def _key_name(b: Binding) -> str:
    # Each key by its own name: key_display abbreviates ("u" for "u,ctrl+z"), and help lists every key.
    return {"question_mark": "?"}.get(b.key, b.key)


def _rows(node: type[DOMNode]) -> list[tuple[str, str]]:
    """(keys, what they do); keys sharing a description (a group such as 1-9, or ctrl+c beside q) share
    a row."""
    rows: dict[str, list[str]] = {}
    groups: set[str] = set()
    for b in Binding.make_bindings(node.BINDINGS):
        if b.system or not b.description:
            continue
        desc = b.group.description if b.group else b.description
        if b.group:
            groups.add(desc)
        rows.setdefault(desc, []).append(_key_name(b))
    return [
        (f"{keys[0]}-{keys[-1]}" if desc in groups else " ".join(keys), desc) for desc, keys in rows.items()
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark", "dismiss", "Close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        sections: list[tuple[str, list[tuple[str, str]]]] = []
        here = _rows(type(self.under))
        if self.under.query(ReorderList):
            here += _rows(ReorderList)
        if here:
            sections.append(("On this screen", here))
        sections.append(("Anywhere", _rows(type(self.app))))
        sections.append(("Also", NAVIGATION))
        lines: list[Content] = []
        width = max(len(key) for _, rows in sections for key, _ in rows) + 2
        for title, rows in sections:
            lines.append(Content(title).stylize("bold $accent"))
            lines += [Content.assemble((f"  {key:<{width}}", "bold"), desc) for key, desc in rows]
            lines.append(Content(""))
        with VerticalScroll(id="help"):
            yield Static(Content("\n").join(lines))
        yield Footer()
