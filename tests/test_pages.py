"""The analysts' pages over HTTP (server-rendered, no JavaScript needed): browse, item with its
trace, named queries with labels and downloads, validation, resource IRIs that resolve, and the
language switch. The browser tests (tests/test_browser.py) drive the same pages in chromium."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, URIRef

from dutygraph.resources import resource_dir
from tests.test_protocol import request

PARTY_21 = "https://w3id.org/dutygraph/doc/niuxintuo-2023-25/party-21"
ART_5_6 = "https://w3id.org/dutygraph/eli/cn/reg/2016/first-responsible-person-duties/art_5/item_6"


def page(server, path, headers=None):
    response, payload = request(server, "GET", path, headers or {"Accept": "text/html"})
    return response, payload.decode("utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_browse_shows_the_document_in_order(server):
    response, html = page(server, "/browse")
    assert response.status == 200
    text = text_of(html)
    assert "沈阳市辽中区牛心坨镇党政主要负责人履行推进法治建设第一责任人职责清单" in text
    sections = [text.index(s) for s in ("一、", "二、", "三、", "四、")]
    assert sections == sorted(sections)
    assert "每年举办2期以上法治专题讲座" in text  # a measure's verbatim text
    assert text.index("(20)") < text.index("(21)") < text.index("(22)")


def test_item_page_traces_to_the_central_article(server):
    response, html = page(server, "/item/party-21")
    assert response.status == 200
    text = text_of(html)
    assert "党委(21)" in text and "每年举办2期以上法治专题讲座" in text
    assert "《职责规定》第五条（六）" in text and "中央" in text
    assert 'href="/eli/cn/reg/2016/first-responsible-person-duties/art_5/item_6"' in html
    # how each document of the chain came into it, and how sure that is (a basis's evidence)
    squeezed = text.replace(" ", "")
    shown = "依据关系：牛委字〔2023〕25号→本文件（已核对）；沈阳市职责清单→本文件（推断）"
    assert shown in squeezed


def test_item_accepts_the_documents_notation_and_explains_the_gap(server):
    assert page(server, "/item/" + quote("党委(21)"))[0].status == 200
    response, body = page(server, "/item/party-23")
    assert response.status == 404 and "23" in body


def test_provision_page_lists_what_derives_from_it(server):
    response, html = page(server, "/eli/cn/reg/2016/first-responsible-person-duties/art_5/item_6")
    assert response.status == 200
    assert "party-21" in html


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ],
)
def test_resource_iris_give_rdf_to_clients(server, accept, fmt):
    path = PARTY_21.removeprefix("https://w3id.org/dutygraph")
    response, payload = request(server, "GET", path, {"Accept": accept})
    assert response.status == 200
    graph = Graph().parse(data=payload, format=fmt)
    assert (URIRef(PARTY_21), None, None) in graph


def test_resource_iris_give_html_to_browsers(server):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response, _ = request(server, "GET", "/doc/niuxintuo-2023-25/party-21", {"Accept": accept})
    assert response.status == 302 and response.getheader("Location").endswith("/item/party-21")


def test_named_query_page_shows_labels_links_and_downloads(server):
    response, html = page(server, "/query?name=trace-up&code=party-21")
    assert response.status == 200
    assert "《职责规定》第五条（六）" in html and ART_5_6 in html
    assert 'href="/eli/cn/reg/2016/first-responsible-person-duties/art_5/item_6"' in html
    assert "/queries/trace-up?" in html and "download=1" in html


def test_csv_download_has_a_bom_for_excel(server):
    response, payload = request(
        server, "GET", "/queries/trace-up?code=party-21&format=csv&download=1"
    )
    assert response.status == 200
    assert payload.startswith("\ufeff".encode())
    assert "attachment" in response.getheader("Content-Disposition")
    plain = request(server, "GET", "/queries/trace-up?code=party-21&format=csv")[1]
    assert not plain.startswith("\ufeff".encode())  # SPARQL clients get no BOM


def test_language_switch(server):
    zh = text_of(page(server, "/item/party-21")[1])
    en_response, en_html = page(server, "/item/party-21?lang=en")
    assert "上位依据" in zh and "derivation, level by level" in text_of(en_html)
    assert "lang=en" in en_response.getheader("Set-Cookie")


def upload_form(server, name: str, data: bytes, as_of: str = "2024-06-01"):
    """POST a records file to the validation page as a browser form does."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="year"\r\n\r\n2023\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="as_of"\r\n\r\n{as_of}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="records"; '
        f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'
    )
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    response, payload = request(server, "POST", "/validate/page", headers, body)
    return response, payload.decode("utf-8")


def test_validate_page_shows_the_violations(server):
    data = (resource_dir("data") / "examples" / "records-2023-violations.csv").read_bytes()
    response, html = upload_form(server, "violations.csv", data)
    assert response.status == 200
    assert 'class="violated"' in html and "party-23" in html
    assert 'download="shacl-report.ttl"' in html


def test_validate_page_says_where_an_unusable_file_is_wrong(server):
    data = (Path(__file__).parent / "records_cases" / "missing-column.csv").read_bytes()
    response, html = upload_form(server, "missing-column.csv", data)
    assert response.status == 400
    error = text_of(html)
    assert "missing-column.csv" in error and "第 1 行" in error and "缺少必需的列" in error


def test_validate_page_refuses_an_impossible_as_of_date(server):
    data = (resource_dir("data") / "examples" / "records-2023-violations.csv").read_bytes()
    response, body = upload_form(server, "violations.csv", data, as_of="2024-13-40")
    assert response.status == 400 and "as_of must be a date" in body


def test_pages_use_no_outside_assets(server):
    for path in ("/browse", "/item/party-21", "/query?name=trace-up", "/validate/page"):
        html = page(server, path)[1]
        assert not re.search(r'(src|href)="(https?:)?//(?!w3id\.org)', html), path


def test_ontology_documentation_in_both_languages(server):
    response, zh = page(server, "/ontology")
    assert response.status == 200
    en = page(server, "/ontology?lang=en")[1]
    assert "法律文件" in zh and "法律文件" not in en  # dg:LegalDocument's labels
    assert "Legal document" in en and "Legal document" not in zh
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', zh)


def test_ontology_as_rdf(server):
    response, payload = request(server, "GET", "/ontology", {"Accept": "text/turtle"})
    assert response.status == 200
    graph = Graph().parse(data=payload, format="turtle")
    ontology = URIRef("https://w3id.org/dutygraph/ontology")
    assert (ontology, None, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in graph


# --- a finished Chinese product (issue 15) --------------------------------------------------

ENGLISH_WORDS = re.compile(
    r"\b(None|violated|violation|warning|pending|met|restates|refines|adds|merges|checked|"
    r"corroborated|inferred|township|municipal|provincial|central|Measure|Duty|Entity|"
    r"MinimumCountRequirement|DeadlineRequirement|FixedDateRequirement|"
    r"LegalResourceSubdivision|party-leader|gov-leader|lecture|meeting|publication)\b"
)


def visible_text(html: str) -> str:
    """What a reader sees: no scripts, no attributes, no IRIs, no code snippets."""
    html = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", html, flags=re.S)
    # data that is English on purpose (the glosses) is marked lang="en"
    html = re.sub(r'<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", html, flags=re.S)
    text = text_of(html)
    text = re.sub(r"https?://\S+", " ", text)
    return re.sub(r"\b(?:party|gov|general|discipline)-g?\d+\b", " ", text)  # item codes


ZH_PAGES = [
    "/",
    "/browse",
    "/item/party-21",
    "/item/gov-3",
    "/item/gov-24",
    "/item/party-23",
    "/eli/cn/reg/2016/first-responsible-person-duties/art_5/item_6",
    "/validate/page",
    "/query",
    "/query?name=measures-per-role",
    "/query?name=duties-by-role",
    "/query?name=duty-requirements",
    "/query?name=trace-up",
    "/overview",
    "/ontology",
]


@pytest.mark.parametrize("path", ZH_PAGES)
def test_chinese_pages_read_as_done(server, path):
    """No None, no raw dict, no class names and no English status or term in the zh view."""
    _, html = page(server, path)
    assert "{'" not in html and "None" not in html
    leaked = sorted(set(ENGLISH_WORDS.findall(visible_text(html))))
    assert not leaked, f"{path}: English in the Chinese view: {leaked}"


def test_the_validation_page_reads_as_done(server):
    import uuid as _uuid

    boundary = _uuid.uuid4().hex
    data = (resource_dir("data") / "examples" / "records-2023-violations.csv").read_bytes()
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="records"; '
            'filename="records.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response, payload = request(
        server,
        "POST",
        "/validate/page",
        {"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "text/html"},
        body,
    )
    html = payload.decode("utf-8")
    assert response.status == 200, html[:300]
    verdict = re.search(r'<p id="verdict"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert "结论" in verdict and "{'" not in verdict
    leaked = sorted(set(ENGLISH_WORDS.findall(visible_text(html))))
    assert not leaked, leaked
    rows = re.findall(r'<tr class="(\w+)"><td><a [^>]*>([\w-]+)</a>.*?<td>([^<]*)</td></tr>', html)
    for _, duty, word in rows:  # a duty shown 达标 has no violation listed under it
        if word == "达标":
            assert f"<td>违反</td><td>{duty}</td>" not in html, duty


def test_an_item_as_rdf_lists_named_classes_only(server):
    _, payload = request(server, "GET", "/doc/niuxintuo-2023-25/party-21?format=ttl", {})
    graph = Graph().parse(data=payload, format="turtle")
    from rdflib import RDF, BNode

    types = list(graph.objects(URIRef(PARTY_21), RDF.type))
    assert types and not any(isinstance(t, BNode) for t in types)


def test_the_browse_page_has_no_browser_numbers():
    for name in ("browse.html", "_node.html"):
        assert (
            "<ol" not in (resource_dir("data").parent / "server" / "templates" / name).read_text()
        )


def test_the_query_page_lists_the_questions_and_speaks_chinese(server):
    """Before a query is picked the page lists every question with its Chinese summary; a run
    shows Chinese parameter help and column names."""
    _, html = page(server, "/query")
    listed = re.findall(r'<td><a href="/query\?name=([\w-]+)', html)
    assert len(listed) >= 20 and "每个角色" in html
    _, html = page(server, "/query?name=measures-per-role")
    header = re.search(r'<table class="results" id="results">\s*<tr>(.*?)</tr>', html, re.S).group(
        1
    )
    assert "<th>清单</th>" in header and "<th>角色</th>" in header
    form = re.search(r'<form[^>]*id="named-query".*?</form>', html, re.S).group(0)
    assert "one duty list" not in form and "不填则每份清单各一组结果" in form


def test_the_ontology_page_has_the_site_frame_and_chinese_headings(server):
    _, html = page(server, "/ontology")
    assert 'id="lang-switch"' in html and "浏览清单" in html
    assert ">对象属性<" in html and ">类<" in html and ">Object Properties<" not in html
    _, english = page(server, "/ontology?lang=en")
    assert ">Object Properties<" in english


def test_the_ontology_page_names_external_terms_in_chinese(server):
    """ELI, PROV-O, SKOS, org terms are named in Chinese with their CURIE beside, in zh only."""
    _, html = page(server, "/ontology")
    for english in ("Legal Resource", "Entity", "Derivation", "qualified derivation", "Concept"):
        assert f">{english}<" not in html, english
    assert ">eli:LegalResourceSubdivision</a>" not in html
    assert ">法律资源组成部分</a> <code>eli:LegalResourceSubdivision</code>" in html
    assert ">实体</a> <code>prov:Entity</code>" in html
    text = visible_text(html)
    assert not re.search(r"\b(or|made by|with the|profile)\b", text), text[-300:]
    _, english = page(server, "/ontology?lang=en")
    assert ">Entity</a>" in english and "实体" not in english


def test_every_named_query_page_renders(server):
    """Each named query opens on /query with its example run (items-citing's parameter was
    called ``name``, shadowed by the page's own picker: a 500)."""
    from dutygraph.sparql.catalog import catalog

    for name in catalog():
        response, html = page(server, f"/query?name={name}")
        assert response.status == 200, (name, html[:200])
        assert "{'" not in html and "None" not in html, name


def test_a_parameter_may_not_take_a_reserved_name(tmp_path):
    from dutygraph.errors import DutyGraphError
    from dutygraph.sparql.catalog import read_query

    path = tmp_path / "x.rq"
    path.write_text("#+ param: name string a title\nSELECT * WHERE { ?s ?p ?name }\n")
    with pytest.raises(DutyGraphError, match="reserved"):
        read_query(path)
