"""The /ontology page: pyLODE's documentation of the ontology, in the site's frame, per language.

Why a module of its own: pyLODE writes its headings in English and names the external terms we
align to (ELI, PROV-O, SKOS, org, OWL-Time, DCMI, XSD) by their English labels or CURIEs. A
Chinese reader wants a Chinese name first; the CURIE stays beside it as the exact reference.
Our own terms carry rdfs:label@zh in ontology/dutygraph.ttl; the external terms may not be given
labels there (alignments.ttl only declares and aligns, tests/test_ontology.py checks it), so
their Chinese display names live here, as words of the user interface, like the headings.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import render_template, url_for
from rdflib import RDFS, Graph, Literal, URIRef

from dutygraph.rdfterms import PREFIXES

_PAGES: dict[str, str] = {}

HEADINGS_ZH = {
    "Table of Contents": "目录",
    "Metadata": "元数据",
    "Classes": "类",
    "Object Properties": "对象属性",
    "Datatype Properties": "数据属性",
    "Annotation Properties": "注释属性",
    "Functional Properties": "函数型属性",
    "Namespaces": "命名空间",
    "Legend": "图例",
    "Description": "说明",
    "Domain": "定义域",
    "Range": "值域",
    "Sub Class Of": "父类",
    "Super Class Of": "子类",
    "Sub Property Of": "父属性",
    "Super Property Of": "子属性",
    "In Domain Of": "作为定义域",
    "In Range Of": "作为值域",
    "Version Iri": "版本 IRI",
    "Version Info": "版本",
    "Title": "标题",
    "Publisher": "发布者",
    "License": "许可",
    "Creator": "作者",
    "Date": "日期",
    "Properties": "属性",
    "Object Property": "对象属性",
    "Datatype Property": "数据属性",
    "Annotation Property": "注释属性",
    "Named Individuals": "命名个体",
}
"""pyLODE's own headings in the Chinese page (it writes them in English)."""

EXTERNAL_ZH = {
    "eli:LegalResource": "法律资源",
    "eli:LegalResourceSubdivision": "法律资源组成部分",
    "eli:is_part_of": "属于",
    "eli:has_part": "包含部分",
    "eli:based_on": "依据",
    "eli:cites": "引用",
    "eli:passed_by": "通过机关",
    "eli:id_local": "本地标识",
    "org:Organization": "组织",
    "org:Role": "职位角色",
    "prov:Entity": "实体",
    "prov:Activity": "活动",
    "prov:Derivation": "派生",
    "prov:wasDerivedFrom": "派生自",
    "prov:qualifiedDerivation": "限定派生",
    "prov:entity": "所涉实体",
    "prov:Influence": "影响",
    "prov:qualifiedInfluence": "限定影响",
    "prov:influencer": "影响来源",
    "skos:Concept": "概念",
    "skos:definition": "定义",
    "dct:isPartOf": "是其一部分",
    "dct:hasPart": "含有部分",
    "dct:publisher": "发布者",
    "dct:date": "日期",
    "dct:identifier": "标识符",
    "dct:creator": "作者",
    "dct:description": "说明",
    "dct:license": "许可",
    "dct:title": "标题",
    "time:TemporalUnit": "时间单位",
    "rdf:langString": "带语言标记的文本",
    "xsd:string": "字符串",
    "xsd:integer": "整数",
    "xsd:nonNegativeInteger": "非负整数",
    "xsd:date": "日期",
    "xsd:gMonthDay": "月日",
}
"""Chinese display names of the external terms the page names (translations of their English
labels, for reading only; the CURIE is shown beside each)."""


def expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return str(PREFIXES[prefix]) + local


def ontology_page(ontology_graph: Callable[..., Graph], lang: str) -> str:
    """pyLODE's documentation of the ontology in one language (made once per process, ~2 s).

    pyLODE shows whichever label it meets first, so it gets a copy of the ontology holding only
    the literals in ``lang`` (and those without a language), plus, in Chinese, the display
    names of the external terms.
    """
    if lang not in _PAGES:
        from pylode import OntPub

        # the OWL ontology and its alignments; the SKOS schemes would be taken for the title
        source = ontology_graph(kinds=("dutygraph", "alignments"))
        only = Graph()
        for prefix, namespace in source.namespaces():
            only.bind(prefix, namespace)
        for s, p, o in source:
            if isinstance(o, Literal) and o.language and o.language != lang:
                continue
            only.add((s, p, o))
        if lang == "zh":
            for curie, name in EXTERNAL_ZH.items():
                only.add((URIRef(expand(curie)), RDFS.label, Literal(name, lang="zh")))
        html = OntPub(only).make_html()
        if lang == "zh":
            html = in_chinese(html)
        css = url_for("pages.static", filename="dutygraph.css")
        nav = f'<link rel="stylesheet" href="{css}">' + render_template("_site_nav.html")
        if lang == "en":
            html = html.replace("<html>", '<html lang="en">', 1)
        _PAGES[lang] = html.replace("<body>", f"<body>{nav}", 1)
    return _PAGES[lang]


def in_chinese(html: str) -> str:
    """Chinese headings, and each link to an external term named in Chinese with its CURIE
    after it (pyLODE takes a link's text from its own copies of PROV-O and DCMI)."""
    for english, chinese in HEADINGS_ZH.items():
        html = html.replace(f">{english}<", f">{chinese}<")
    for curie, name in EXTERNAL_ZH.items():
        link = re.compile(rf'(<a href="{re.escape(expand(curie))}"(?: [^>]*)?>)[^<]*</a>')
        html = link.sub(lambda m, n=name, c=curie: f"{m.group(1)}{n}</a> <code>{c}</code>", html)
    html = html.replace(
        '<span class="cardinality">or</span>', '<span class="cardinality">或</span>'
    )
    html = html.replace("<p>made by ", "<p>文档生成工具 ")
    html = html.replace("<span> with the </span>", "<span>，采用</span>")
    html = html.replace("<span>profile</span>", "<span>配置</span>")
    return html.replace("<html>", '<html lang="zh-CN">', 1)
