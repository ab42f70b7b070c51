"""Each template in headless Chromium: axe-core finds no violation of the WCAG 2.1 A and AA
rules, the keyboard reaches every link and control with a visible focus, and the page
reflows at 320 px wide and at 200 % zoom without horizontal scrolling."""

from __future__ import annotations

from qualitykit import note, npm_file

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# A short, readable designation of an element: its CSS path and the start of its HTML.
DESCRIBE = """() => {
window.__describe = (el) => {
  const path = [];
  for (let node = el; node && node.nodeType === 1 && path.length < 4; node = node.parentElement) {
    let part = node.localName;
    if (node.id) { path.unshift(part + '#' + node.id); break; }
    const classes = [...node.classList].slice(0, 2);
    if (classes.length) part += '.' + classes.join('.');
    path.unshift(part);
  }
  const html = el.outerHTML.replace(/\\s+/g, ' ');
  return path.join(' > ') + ' « ' + (html.length > 140 ? html.slice(0, 140) + '…' : html) + ' »';
};
}"""


def test_axe_finds_no_wcag_21_aa_violation(templates, visit, quality_report):
    axe = npm_file("axe-core")
    problems = []
    for template in templates:
        page = visit(template)
        page.add_script_tag(path=str(axe))
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        violations = result["violations"]
        note(quality_report, template, "axe", str(sum(len(v["nodes"]) for v in violations)))
        for violation in violations:
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                html = " ".join(node["html"].split())[:160]
                problems.append(
                    f"{template} : règle axe « {violation['id']} » ({violation['impact']}) — {violation['help']} "
                    f"— élément {target} « {html} »"
                )
    assert not problems, f"{len(problems)} violation(s) WCAG 2.1 A/AA :\n" + "\n".join(problems)


FOCUSABLES = """
() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, '
    + 'iframe, audio[controls], video[controls], [contenteditable=""], [contenteditable="true"], [tabindex]';
  const found = [...document.querySelectorAll(selector)].filter((el) =>
    !el.disabled && el.tabIndex >= 0 && !el.closest('[inert]')
    && el.checkVisibility({visibilityProperty: true}));
  found.forEach((el, index) => { el.dataset.qualityFocus = String(index); });
  return found.map((el) => window.__describe(el));
}
"""

ACTIVE = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadowed = Boolean(style.boxShadow) && style.boxShadow !== 'none';
  return {
    index: el.dataset && el.dataset.qualityFocus ? Number(el.dataset.qualityFocus) : null,
    what: window.__describe(el),
    focusVisible: el.matches(':focus-visible'),
    indicator: outlined || shadowed,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}
"""


def test_keyboard_reaches_every_link_and_control_with_a_visible_focus(templates, visit):
    problems = []
    for template in templates:
        page = visit(template)
        page.evaluate(DESCRIBE)
        focusables = page.evaluate(FOCUSABLES)
        reached = set()
        for _ in range(len(focusables) + 1):
            page.keyboard.press("Tab")
            active = page.evaluate(ACTIVE)
            if active is None or active["index"] in reached:
                continue
            if active["index"] is None:
                problems.append(
                    f"{template} : clavier — reçoit le focus sans être un lien ni un contrôle : {active['what']}"
                )
                continue
            reached.add(active["index"])
            if not (active["focusVisible"] and active["indicator"]):
                problems.append(
                    f"{template} : focus visible — aucun contour au focus clavier : {active['what']}"
                )
            if not active["onScreen"]:
                problems.append(
                    f"{template} : focus visible — hors de l'écran quand il a le focus : {active['what']}"
                )
        for index, what in enumerate(focusables):
            if index not in reached:
                problems.append(f"{template} : clavier — inatteignable avec Tab : {what}")
    assert not problems, f"{len(problems)} problème(s) de navigation au clavier :\n" + "\n".join(problems)


OVERFLOW = """
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return [];
  const scrolls = (el) => { for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
    const o = getComputedStyle(n).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true; }
    return false; };
  const wide = [...document.body.querySelectorAll('*')].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1) && !scrolls(el);
  });
  const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
  return [root.scrollWidth, width, innermost.slice(0, 5).map((el) => window.__describe(el))];
}
"""

# (what, viewport width, height, device scale): 320 CSS px (WCAG 1.4.10); a 1280 px window
# zoomed to 200 % lays the page out in 640 CSS px at two device pixels each (WCAG 1.4.4).
VIEWPORTS = [("320 px de large", 320, 640, 1), ("zoom 200 % d'une fenêtre de 1280 px", 640, 400, 2)]


def test_pages_reflow_without_horizontal_scrolling(templates, visit):
    problems = []
    for template in templates:
        for label, width, height, scale in VIEWPORTS:
            page = visit(template, width=width, height=height, scale=scale)
            page.evaluate(DESCRIBE)
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                scroll_width, client_width, culprits = overflow
                problems.append(
                    f"{template} : à {label}, défilement horizontal ({scroll_width} px pour {client_width} px) — "
                    f"élément(s) qui dépassent : " + " ; ".join(culprits or ["?"])
                )
    assert not problems, f"{len(problems)} page(s) à faire défiler horizontalement :\n" + "\n".join(problems)
