"""The question picker in a real browser: the system's Chromium, driven by Playwright.

A parent's whole visit, with a thumb at 390 px and with the keyboard at 1280 px, in English,
Spanish and both: tick five questions, add one of their own, reorder, mark two as most
important, type an answer, reload and find it all kept, print the sheet and read it back, save
the profile and build a packet from it. Every request the page makes is recorded and anything
but the file itself fails the test; axe-core must find no WCAG 2.1 A/AA or best-practice
problem on the picker or on the static HTML copy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("HANDOUTS_CHROMIUM", "/usr/bin/chromium")
try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
except ImportError:
    Axe = None
if Axe is None or not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
    if os.environ.get("HANDOUTS_BROWSER_TESTS") == "required":  # CI: .ci/run installs them
        pytest.fail("browser tests required but Chromium or the '.[browser]' extras are missing",
                    pytrace=False)
    pytest.skip("browser tests skipped: run pip install -e '.[browser]' and install Chromium "
                "(apt-get install chromium, or set HANDOUTS_CHROMIUM) to run them",
                allow_module_level=True)

from support import pdf_pages, pdf_text, run

DATE = "2026-11-28"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PHONE, WIDE = {"width": 390, "height": 844}, {"width": 1280, "height": 800}
LANGUAGES = ["en", "es", "es,en"]
OWN = "<b>Can Ana & O'Brien</b> </script><script>window.pwned = 1</script> swim?"
TYPED = f"  {OWN} \U0001F3CA\ufe0f\n"  # as typed on a phone: spaces, an emoji, a new line
LOCAL = ("file:", "data:", "blob:")  # what never leaves the device


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=shutil.which(CHROMIUM) or CHROMIUM,
                                              args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(starter: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pickers")
    built = {}
    for language in LANGUAGES:
        out = folder / f"questions-{language.replace(',', '-')}.html"
        result = run("picker", "--clinic", starter / "clinic.yaml", "--lang", language,
                     "--date", DATE, "-o", out)
        assert result.exit_code == 0, result.output
        built[language] = out
    return built


class Visit:
    """One browser context: the page, every request it made, and anything it complained of."""

    def __init__(self, browser: Browser, file: Path, *, viewport: dict[str, int],
                 touch: bool = False, scripts: bool = True) -> None:
        self.context: BrowserContext = browser.new_context(
            viewport=viewport, has_touch=touch, java_script_enabled=scripts, accept_downloads=True)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.page.goto(file.as_uri())

    def close(self) -> None:
        self.context.close()
        assert [url for url in self.requests if not url.startswith(LOCAL)] == []
        assert self.errors == []


@pytest.fixture
def visits(browser: Browser) -> Iterator[list[Visit]]:
    opened: list[Visit] = []
    yield opened
    for visit in opened:
        visit.close()


def open_page(visits: list[Visit], browser: Browser, file: Path, **kwargs: Any) -> Page:
    visit = Visit(browser, file, **kwargs)
    visits.append(visit)
    return visit.page


def press(page: Page, selector: str, key: str = "Enter") -> None:
    """Reach a control and work it with the keyboard alone."""
    page.locator(selector).focus()
    page.keyboard.press(key)


def listed(page: Page) -> list[str]:
    return page.locator("#picker-list > li .qtext").evaluate_all(
        "nodes => nodes.map(n => n.firstChild.nodeType === 3 ? n.firstChild.data :"
        " n.childNodes[1].data)")


def axe_violations(page: Page) -> list[str]:
    found = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert found.response["passes"], "axe-core did not run"
    return [f"{v['id']}: {[n['html'][:80] for n in v['nodes'][:2]]}"
            for v in found.response["violations"]]


def question_texts(page: Page, ids: list[str]) -> list[str]:
    return [page.evaluate("id => JSON.parse(document.getElementById('picker-data').textContent)"
                          ".questions[id][0]", qid) for qid in ids]


def squeeze(text: str) -> str:
    return re.sub(r"[\s\ufffe\x02-]+", "", text)


def in_order(text: str, parts: list[str]) -> bool:
    flat, at = squeeze(text), -1
    for part in parts:
        found = flat.find(squeeze(part), at + 1)
        if found < 0:
            return False
        at = found
    return True


def do_a_visit(page: Page, *, touch: bool) -> tuple[list[str], list[str]]:
    """Five questions, one of the family's own, two moves, two marks, one answer."""
    boxes = page.locator("input[data-q]")
    ids = [boxes.nth(i).get_attribute("data-q") or "" for i in (0, 6, 14, 25, 40)]
    for qid in ids:
        if touch:
            page.locator(f'input[data-q="{qid}"]').tap()
        else:
            press(page, f'input[data-q="{qid}"]', "Space")
    page.locator("#picker-own").fill(TYPED)
    press(page, "#picker-add")
    assert page.locator("#picker-own").input_value() == ""
    # The last one up twice, the first one down once: a b c d e -> b a e c d.
    last, first = f'#picker-list li[data-key="q:{ids[4]}"]', f'#picker-list li[data-key="q:{ids[0]}"]'
    press(page, f'{last} [data-do="up"]')
    assert page.evaluate("document.activeElement.closest('li').dataset.key") == f"q:{ids[4]}"
    page.keyboard.press("Enter")
    press(page, f'{first} [data-do="down"]')
    order = [ids[1], ids[0], ids[4], ids[2], ids[3]]
    press(page, '#picker-list li[data-key="o:1"] [data-do="top"]')
    press(page, f'#picker-list li[data-key="q:{ids[4]}"] [data-do="top"]')
    page.locator(f'#picker-list li[data-key="q:{ids[2]}"] textarea').fill("Every 3 weeks")
    return ids, order


def check_kept(page: Page, order: list[str], ids: list[str]) -> None:
    assert listed(page) == [OWN, *question_texts(page, order)]
    marked = page.locator("#picker-list li [data-do=top][aria-pressed=true]")
    assert marked.count() == 2
    assert page.locator('#picker-list li[data-key="o:1"] [data-do=top]').get_attribute(
        "aria-pressed") == "true"
    assert page.locator(f'#picker-list li[data-key="q:{ids[2]}"] textarea').input_value() == \
        "Every 3 weeks"
    for qid in ids:
        assert page.locator(f'input[data-q="{qid}"]').is_checked()
    assert page.evaluate("window.pwned") is None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport, touch", [(PHONE, True), (WIDE, False)], ids=["390", "1280"])
def test_a_visit_is_kept_after_a_reload_and_axe_finds_nothing(
        browser: Browser, visits: list[Visit], pages: dict[str, Path], language: str,
        viewport: dict[str, int], touch: bool) -> None:
    page = open_page(visits, browser, pages[language], viewport=viewport, touch=touch)
    assert page.evaluate("document.documentElement.classList.contains('js')"), "script blocked"
    ids, order = do_a_visit(page, touch=touch)
    check_kept(page, order, ids)
    assert page.locator("#picker-status").text_content() != ""  # announced
    page.reload()
    check_kept(page, order, ids)
    assert axe_violations(page) == []
    # No sideways scrolling, even at the width of 200 % zoom on a small screen.
    for width in (viewport["width"], 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), width
    # Focus can be seen: the focused button has a solid outline.
    press(page, "#picker-print", "Shift+Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"


def test_a_third_most_important_mark_is_refused_until_one_is_unmarked(
        browser: Browser, visits: list[Visit], pages: dict[str, Path]) -> None:
    page = open_page(visits, browser, pages["en"], viewport=PHONE)
    boxes = page.locator("input[data-q]")
    for i in range(4):
        boxes.nth(i).check()
    for i in range(4):
        page.locator("#picker-list li").nth(i).locator("[data-do=top]").click()
    assert page.locator("[data-do=top][aria-pressed=true]").count() == 3
    # The page's CSP forbids eval, so Playwright's wait_for_function cannot run: poll instead.
    for _ in range(40):
        if "3" in (page.locator("#picker-status").text_content() or ""):
            break
        page.wait_for_timeout(50)
    assert "3" in (page.locator("#picker-status").text_content() or "")
    page.locator("#picker-list li").nth(0).locator("[data-do=top]").click()
    page.locator("#picker-list li").nth(3).locator("[data-do=top]").click()
    assert page.locator("[data-do=top][aria-pressed=true]").count() == 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_printed_sheet_and_the_saved_profile_hold_the_chosen_questions_in_order(
        browser: Browser, visits: list[Visit], pages: dict[str, Path], starter: Path,
        tmp_path: Path, language: str) -> None:
    page = open_page(visits, browser, pages[language], viewport=PHONE)
    _, order = do_a_visit(page, touch=False)
    # Four more: ten questions, one their own, print on one page with the fever lines.
    more = [page.locator("input[data-q]").nth(i).get_attribute("data-q") or ""
            for i in (50, 55, 60, 65)]
    for qid in more:
        press(page, f'input[data-q="{qid}"]', "Space")
    chosen = [OWN, *question_texts(page, [*order, *more])]
    sheet = tmp_path / "sheet.pdf"
    page.pdf(path=str(sheet))
    assert len(pdf_pages(sheet)) == 1
    text = pdf_text(sheet)
    assert in_order(text, chosen), text
    assert "Every 3 weeks" in text
    for box in ("emergency", "urgent"):  # the "call 911" and the fever boxes, as on the page
        title = page.locator(f"main .box.{box} .titled").first.text_content() or ""
        assert title and squeeze(title) in squeeze(text), box
    assert "555-0199" in text
    unchosen = question_texts(page, [page.locator("input[data-q]").nth(3).get_attribute("data-q")
                                     or ""])[0]
    assert squeeze(unchosen) not in squeeze(text)

    with page.expect_download() as download:
        press(page, "#picker-save")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".yaml"
    result = run("validate", saved)
    assert result.exit_code == 0, result.output
    packet = tmp_path / "packet.pdf"
    result = run("build", "--profile", saved, "--clinic", starter / "clinic.yaml", "--date", DATE,
                 "--sections", "questions", "-o", packet)
    assert result.exit_code == 0, result.output
    assert in_order(pdf_text(packet), chosen)

    # The saved profile opens a new picker where the family left off.
    again = tmp_path / "again.html"
    assert run("picker", "--profile", saved, "--date", DATE, "-o", again).exit_code == 0
    fresh = open_page(visits, browser, again, viewport=PHONE)
    assert listed(fresh) == chosen
    assert fresh.locator("[data-do=top][aria-pressed=true]").count() == 2


def test_clear_everything_leaves_nothing_on_the_device(
        browser: Browser, visits: list[Visit], pages: dict[str, Path]) -> None:
    page = open_page(visits, browser, pages["en"], viewport=PHONE)
    do_a_visit(page, touch=False)
    assert page.evaluate("localStorage.length") == 1
    press(page, "#picker-clear")
    assert page.evaluate("localStorage.length") == 0
    assert page.locator("#picker-list li").count() == 0
    assert page.locator("input[data-q]:checked").count() == 0
    page.reload()
    assert page.locator("#picker-list li").count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_javascript_every_question_and_number_shows(
        browser: Browser, visits: list[Visit], pages: dict[str, Path], language: str) -> None:
    page = open_page(visits, browser, pages[language], viewport=PHONE, scripts=False)
    shown = page.locator("body").inner_text()
    data = page.locator("#picker-data").text_content() or ""
    for texts in json.loads(data)["questions"].values():
        for text in texts:
            assert squeeze(text) in squeeze(shown)
    for number in ("555-0199", "555-0123", "555-0140"):
        assert number in shown
    assert not page.locator("#picker").is_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_static_html_copy_has_no_axe_violation(
        browser: Browser, visits: list[Visit], starter: Path, tmp_path: Path,
        language: str) -> None:
    out = tmp_path / "packet.html"
    assert run("build", "--profile", starter / "profile.yaml", "--clinic", starter / "clinic.yaml",
               "--format", "html", "--lang", language, "-o", out).exit_code == 0
    for viewport in (PHONE, WIDE):
        assert axe_violations(open_page(visits, browser, out, viewport=viewport)) == []


def test_a_damaged_saved_state_starts_afresh_instead_of_breaking_the_page(
        browser: Browser, visits: list[Visit], pages: dict[str, Path]) -> None:
    page = open_page(visits, browser, pages["en"], viewport=PHONE)
    key = "handouts-picker:" + json.loads(page.locator("#picker-data").text_content() or "")["id"]
    for damaged in ('{"picked": [], "own": [], "top": null}', '{"own": [1]}', "[", '"x"'):
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, damaged])
        page.reload()
        assert page.locator("#picker").is_visible() and listed(page) == []
        page.locator("input[data-q]").first.check()
        assert len(listed(page)) == 1
