"""Duty lists saved from government web pages (.html/.htm, issue 14): the main text only.

Golden: each tests/importer_cases/html/NAME.html is an invented government page (menus,
breadcrumbs, related links, share buttons, 打印本页/关闭窗口, footer with 主办单位/网站标识码/
ICP备案, scripts, GB2312/GBK/UTF-8 charsets, a title split over two <p> or in a headline
outside the body, items in <p>, in a <table> or kept apart by <br>) showing the list of the
golden text case tests/importer_cases/NAME.txt; importing the page must give the same graph
as the text (line numbers, file name and hash aside), with one notice counting what was left
out. And the parser must never fetch what a page names.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from dutygraph.errors import DutyGraphError
from dutygraph.importer.document import import_file
from dutygraph.importer.html import html_lines

from .listener import Listener

CASES = Path(__file__).parent / "importer_cases"
PAGES = sorted((CASES / "html").glob("*.html"))


def _neutral(graph) -> set[tuple[str, ...]]:
    """Triples without line fragments, the source's name and its hash."""
    return {
        tuple(re.sub(r"#line=[\d,]+|(?:list\.txt|page\.html)", "", str(x)) for x in t)
        for t in graph
        if not str(t[1]).endswith("#sha256")
    }


def test_there_are_pages():
    assert len(PAGES) >= 4


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_page_imports_to_the_graph_of_its_text(page: Path, tmp_path: Path):
    text, html = tmp_path / "list.txt", tmp_path / "page.html"
    text.write_bytes((CASES / f"{page.stem}.txt").read_bytes())
    html.write_bytes(page.read_bytes())
    from_text, from_page = import_file(text, slug="case"), import_file(html, slug="case")
    assert _neutral(from_page.graph) == _neutral(from_text.graph)
    assert [d.kind for d in from_page.warnings] == [d.kind for d in from_text.warnings]
    left_out = [d for d in from_page.diagnostics if d.kind == "html-furniture"]
    assert len(left_out) == 1 and re.search(r"共 \d+ 行", left_out[0].message)


def test_menus_footers_and_tools_are_not_read():
    """What no page's main text holds: the furniture each page has around it."""
    furniture = (
        "首页",
        "打印本页",
        "关闭窗口",
        "分享",
        "主办单位",
        "网站标识码",
        "ICP备",
        "当前位置",
    )
    for page in PAGES:
        lines, _ = html_lines(page.read_bytes(), page.name)
        found = [line for line in lines if any(word in line for word in furniture)]
        assert not found, (page.name, found)


def test_declared_chinese_charsets_are_honoured():
    """GB2312 and GBK pages (bytes invalid as UTF-8) read as the same characters."""
    for name in ("zone-level.html", "street-level.html"):
        data = (CASES / "html" / name).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        lines, _ = html_lines(data, name)
        assert any("职责清单" in line for line in lines), name


def test_a_page_without_a_list_is_refused(tmp_path: Path):
    page = tmp_path / "news.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>新闻</title></head><body>"
        "<div class='nav'><a href='/'>首页</a></div>"
        "<p>我镇召开法治建设专题学习会。</p></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(DutyGraphError) as caught:
        import_file(page)
    assert caught.value.code == "not-a-duty-list" and caught.value.location.file == str(page)


def test_undecodable_page_says_so(tmp_path: Path):
    page = tmp_path / "bad.html"
    page.write_bytes(b"<html><body><p>\xff\xfe\xfa</p></body></html>")
    with pytest.raises(DutyGraphError) as caught:
        import_file(page)
    assert caught.value.code == "undecodable"


_EVENTS: list[tuple[str, tuple]] = []
_WATCH = {"on": False}


def _hook(event: str, args: tuple) -> None:
    if _WATCH["on"] and (event.startswith("socket.") or event == "urllib.Request"):
        _EVENTS.append((event, args))


sys.addaudithook(_hook)  # inert unless a test switches it on


def test_the_parser_fetches_nothing_a_page_names(tmp_path: Path):
    """DTD, external entities, XInclude, scripts, images, styles and frames pointing at a
    loopback listener and at a local file: no request, no file content, no socket."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-行政", encoding="utf-8")
    listener = Listener()
    url, file_url = listener.url, secret.as_uri()
    seed = (CASES / "street-level.txt").read_text(encoding="utf-8")
    items = "".join(f"<p>{line}</p>" for line in seed.splitlines() if line.strip())
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "{url}/x.dtd" ['
        f'<!ENTITY ext SYSTEM "{file_url}"><!ENTITY web SYSTEM "{url}/entity">]>'
        '<html xmlns:xi="http://www.w3.org/2001/XInclude"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{url}/style.css"><script src="{url}/app.js"></script>'
        f'<meta http-equiv="refresh" content="0; url={url}/refresh"></head><body>'
        f'<div class="content">{items}<p>&ext;&web;</p>'
        f'<xi:include href="{file_url}" parse="text"/><xi:include href="{url}/inc"/>'
        f'<img src="{url}/a.png"><iframe src="{url}/frame"></iframe>'
        f'<object data="{file_url}"></object></div></body></html>'
    )
    path = tmp_path / "hostile.html"
    path.write_text(page, encoding="utf-8")
    _WATCH["on"] = True
    try:
        result = import_file(path, slug="hostile")
    finally:
        _WATCH["on"] = False
        listener.close()
    assert listener.hits == []
    assert _EVENTS == []
    assert "TOPSECRET" not in result.graph.serialize(format="turtle")
    assert len(list(result.parsed.nodes())) > 5  # the list itself was read
