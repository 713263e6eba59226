"""What every page a browser test visits must satisfy: no sideways scroll at the phone width, tap targets of
at least 44 px, body text of at least 18 px on member pages, and no serious or critical axe violation.
Failures are collected so that one run reports every page; a test ends with `checks.assert_clean()`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Controls, plus links that are a row's or a list item's only content (the thing a thumb has to hit).
# A checkbox or radio sits inside its 44 px label (label.check): the label is the target.
TAP_TARGETS = """() => [...document.querySelectorAll(
        'main button, main a.btn, main input:not([type=hidden]), main select, main textarea,'
        + ' main td > a:only-child, main li > a:only-child')]
    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44
                 && !(e.type === 'radio' || e.type === 'checkbox')
                 && !(e.tagName === 'A' && e.parentElement.textContent.trim() !== e.textContent.trim()))
    .map(e => e.outerHTML.slice(0, 80))"""


class Checks:
    """Collects what fails on each page; `prefix` names the screenshots (`<prefix>-<page>-<width>.png`)."""

    def __init__(self, screenshots: Path, prefix: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.screenshots = screenshots
        self.prefix = prefix
        self.failures: list[str] = []

    def page(self, page: Any, name: str, *, member_page: bool = False) -> None:
        width = page.viewport_size["width"]
        page.screenshot(path=str(self.screenshots / f"{self.prefix}-{name}-{width}.png"), full_page=True)
        if not page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"):
            self.failures.append(f"{name}: scrolls sideways at {width} px")
        small = page.evaluate(TAP_TARGETS)
        if small:
            self.failures.append(f"{name}: tap targets under 44 px: {small}")
        if member_page:
            text = "document.querySelector('main p') || document.querySelector('main')"
            size = page.evaluate(f"parseFloat(getComputedStyle({text}).fontSize)")
            if size < 18:
                self.failures.append(f"{name}: body text {size}px")
        results = self.axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            self.failures.append(f"{name}: axe {bad}")

    def assert_clean(self) -> None:
        assert not self.failures, "\n".join(self.failures)
