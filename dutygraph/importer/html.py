"""Read a saved government web page (.html/.htm) as the lines of its main text.

Why a small rule of our own over lxml rather than a main-content library: measured on five
invented government pages (bench/bench_html.py, bench/results/html-main-text.md),
trafilatura, readability-lxml and jusText each lost or added lines (the list's title in a
headline cell outside the body, items kept in a table, U+3000 turned into a space, Chinese
text without the spaces jusText counts words by), so the imported graph differed from the
text copy's on one to five pages; this rule gave the same graph on all five. A duty list's
main text is easy to find by what it is: the element holding the most numbered lines
(一、 （一） 1. （1）), widened to its parents while they add no link (a preamble beside a
table of items). Menus, breadcrumbs, related links, share buttons, 打印本页/关闭窗口 and the
footer sit outside it; scripts, styles and forms are dropped wherever they are. When the
body lacks the list's title (a headline cell above it), the title comes from
<meta name="ArticleTitle"> or the page's <title>. The lines left out are counted in one
notice, so nothing disappears silently.

Security: the page is parsed by lxml's HTML parser from bytes already read, with
``no_network=True``; HTML has no DTD loading or entity resolution, and nothing the page names
(scripts, images, stylesheets, frames) is fetched (tests/test_importer_html.py checks with a
listener and an audit hook). The charset is the one the page declares in a <meta> (GB2312
and GBK are read as their superset GB18030), else UTF-8.
"""

from __future__ import annotations

import re

from ..errors import Location
from .enumerators import match_enumerator
from .listparser import Diagnostic
from .messages import refusal

_CODE = ("head", "script", "style", "noscript", "template")
_DROP = (
    "iframe",
    "object",
    "embed",
    "form",
    "select",
    "button",
    "input",
    "textarea",
    "nav",
    "header",
    "footer",
    "aside",
)
_BLOCKS = frozenset(
    (
        *("p", "div", "br", "tr", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody"),
        *("thead", "tfoot", "section", "article", "main", "blockquote", "pre", "hr"),
        *("center", "address", "figure", "figcaption", "caption", "h1", "h2", "h3", "h4"),
        *("h5", "h6"),
    )
)
_CELLS = frozenset(("td", "th"))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_CHINESE_CHARSETS = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def html_lines(data: bytes, name: str) -> tuple[list[str], list[Diagnostic]]:
    """The page's main text as lines, and a notice saying how many other lines were left out."""
    root = _parse(data, name)
    title = _page_title(root)
    _drop(root, _CODE)
    page = _lines(root)  # every line a reader of the page sees
    _drop(root, _DROP)
    body = _widen(_main_element(root))
    lines = _lines(body)
    if title and not _holds(lines[:6], title):
        lines.insert(0, title)
    left_out = max(len(page) - len(lines), 0)
    notices = [Diagnostic.of(1, "html-furniture", "info", count=left_out)] if left_out else []
    return lines, notices


def _drop(root, tags: tuple[str, ...]) -> None:
    """Remove these elements and what they hold (the text after them stays)."""
    for element in list(root.iter(*tags)):
        if element.getparent() is not None:
            element.drop_tree()


def decode_html(data: bytes) -> str:
    """The page as text, in the charset its <meta> declares (GB2312/GBK as GB18030)."""
    found = _CHARSET.search(data[:4096])
    charset = found.group(1).decode("ascii").lower() if found else "utf-8"
    if charset in _CHINESE_CHARSETS:
        charset = "gb18030"
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="strict")


def _parse(data: bytes, name: str):
    from lxml import etree, html

    try:
        text = decode_html(data)
    except UnicodeDecodeError as exc:
        raise refusal("undecodable", Location(file=name), offset=exc.start) from None
    parser = html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, default_doctype=False
    )
    try:
        root = html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise refusal("html-unreadable", Location(file=name), detail=exc) from None
    return root


def _page_title(root) -> str | None:
    """The article's title: <meta name="ArticleTitle"> (the tag 《政府网站发展指引》 asks every
    government page to carry), else the <title> without its site-name suffix
    (…职责清单_政务公开_某某网, …职责清单--某某市人民政府 → …职责清单)."""
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (
            meta.get("content") or ""
        ).strip():
            return _SPACES.sub(" ", meta.get("content")).strip()
    found = root.find(".//title")
    if found is None or not (found.text or "").strip():
        return None
    text = _SPACES.sub(" ", found.text).strip()
    return re.split(r"\s*(?:[_|｜]|-{2,}|—+|–| - )\s*", text)[0] or None


def _holds(lines: list[str], title: str) -> bool:
    """Whether the first lines already carry the title (perhaps over several lines)."""
    joined = "".join(lines)
    return title.replace(" ", "") in joined.replace(" ", "")


def _main_element(root):
    """The deepest element holding the most numbered lines (the list's body)."""
    best, best_count = root, -1
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        count = sum(1 for line in _lines(element) if match_enumerator(line))
        # document order: a later (deeper) element holding as many wins
        if count > best_count or (count == best_count and _is_inside(element, best)):
            best, best_count = element, count
    return best


def _widen(body):
    """Grow the body to its parents while they add no link: the preamble and the imprint may
    sit beside a table of items, while menus, tools, share buttons and related links are
    made of links."""
    while (parent := body.getparent()) is not None and parent.tag != "body":
        if any(not _is_inside(link, body) for link in parent.iter("a")):
            break
        body = parent
    return body


def _is_inside(element, other) -> bool:
    return any(parent is other for parent in element.iterancestors())


def _lines(element) -> list[str]:
    """Text of an element as lines: block elements and <br> end a line, table cells of one
    row are joined with a space, inline elements (<span>, <b>, <a>) join their text."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(current)).strip().strip("\u3000").strip()
        if text:
            lines.append(text)
        current.clear()

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCKS:
            flush()
        current.append(node.text or "")
        for child in node:
            walk(child)
            if isinstance(child.tag, str) and child.tag in _CELLS:
                current.append(" ")
            current.append(child.tail or "")
        if tag in _BLOCKS:
            flush()

    walk(element)
    flush()
    return lines
