"""Interface words in Chinese (default) and English; the data itself stays as written.

Why a table and not gettext: a few dozen words, two languages, reviewed side by side; the
verbatim duty texts are never translated (the English glosses are separate data).
"""

from __future__ import annotations

import re

from flask import request

LANGS = ("zh", "en")
WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "site": "法治建设第一责任人职责知识图谱",
        "browse": "浏览清单",
        "query": "查询",
        "validate": "履职记录校验",
        "ontology": "本体",
        "switch": "English",
        "code": "编号",
        "number": "原文编号",
        "text": "原文",
        "gloss": "英文释义",
        "kind": "类型",
        "bearer": "责任主体",
        "requirements": "履职要求",
        "notes": "数据质量说明",
        "trace": "上位依据（逐级溯源）",
        "derived": "由此派生的条目",
        "level": "层级",
        "relation": "关系",
        "evidence": "证据等级",
        "summary": "条款摘要",
        "source": "来源",
        "no_parent": "无上位条款（新增）",
        "parts": "下级条目",
        "status": "履职状态",
        "named_queries": "命名查询",
        "run": "运行",
        "download": "下载",
        "permalink": "永久链接",
        "rows": "行",
        "upload": "上传履职记录（CSV 或 XLSX）",
        "upload_limit": "文件不超过 {mb} MB；更大的台账请按乡镇或月份拆分",
        "no_provision": "本级没有已知的对应条款（原文未获得）",
        "basis_of": "依据关系",
        "this_document": "本文件",
        "why": "理由：",
        "dropped": "未沿用的内容：",
        "error": "出错了",
        "back": "返回清单",
        "year_auto": "留空则按记录自动判断",
        "year": "年度",
        "as_of": "截至日期",
        "check": "校验",
        "report": "校验报告",
        "download_report": "下载 SHACL 报告（Turtle）",
        "not_found": "未找到",
        "document": "文件",
        "in": "所属",
        "overview": "年度总览",
        "overview_show": "查看",
        "date": "日期",
        "activity": "开展的活动",
        "problems": "问题",
        "editor": "SPARQL 编辑器",
        "editor_help": "在此编写 SPARQL 查询（语法高亮、前缀补全、错误位置），"
        "结果来自本服务器。常用问题见",
    },
    "en": {
        "site": "Rule-of-law duty lists knowledge graph",
        "browse": "Browse the list",
        "query": "Query",
        "validate": "Validate records",
        "ontology": "Ontology",
        "switch": "中文",
        "code": "code",
        "number": "number as written",
        "text": "text",
        "gloss": "English gloss",
        "kind": "kind",
        "bearer": "bearer",
        "requirements": "requirements",
        "notes": "data-quality notes",
        "trace": "derivation, level by level",
        "derived": "items deriving from it",
        "level": "level",
        "relation": "relation",
        "evidence": "evidence",
        "summary": "summary",
        "source": "source",
        "no_parent": "no parent provision (an addition)",
        "parts": "parts",
        "status": "fulfilment status",
        "named_queries": "named queries",
        "run": "Run",
        "download": "download",
        "permalink": "permalink",
        "rows": "rows",
        "upload": "Upload records (CSV or XLSX)",
        "upload_limit": "Files up to {mb} MB; split a larger ledger by township or month",
        "no_provision": "no provision known at this level (text not available)",
        "basis_of": "basis of",
        "this_document": "this",
        "why": "Why:",
        "dropped": "Dropped:",
        "error": "Something went wrong",
        "back": "Back to the list",
        "year_auto": "leave empty to take the year from the records",
        "year": "year",
        "as_of": "as of",
        "check": "Validate",
        "report": "validation report",
        "download_report": "download the SHACL report (Turtle)",
        "not_found": "not found",
        "document": "document",
        "in": "in",
        "overview": "Year's overview",
        "overview_show": "Show",
        "date": "date",
        "activity": "activity",
        "problems": "problems",
        "editor": "SPARQL editor",
        "editor_help": "Write SPARQL here (highlighting, prefix completion, error positions); "
        "answers come from this server. Common questions:",
    },
}


def current_lang() -> str:
    """``?lang=`` first, then the cookie set by the switch, else Chinese."""
    asked = request.args.get("lang") or request.cookies.get("lang")
    return asked if asked in LANGS else "zh"


PARAM_HELP_ZH = {
    "list": "清单的 IRI；不填则每份清单各一组结果",
    "year": "核验年度，如 2023",
    "role": "角色代码：party-leader（党委主要负责人）、gov-leader（政府主要负责人）"
    "或 leadership-member（领导班子成员）",
    "provision": "上位条款的 IRI（其下各项一并计入）",
    "name": "文件标题或简称中的词",
    "keyword": "原文中的字词，如 讲座",
    "evidence": "证据等级：checked（已核对）、corroborated（有旁证）或 inferred（推断）",
    "duty": "条目编码，如 party-21 或 gov-3",
    "code": "乡镇清单条目的编码，如 party-21",
}
"""The named queries' parameter help in Chinese (the .rq headers carry it in English)."""

PARAM_TYPES_ZH = {
    "iri": "IRI",
    "integer": "整数",
    "string": "文字",
    "date": "日期",
    "literal": "文字",
}

COLUMNS_ZH = {
    "list": "清单",
    "code": "编码",
    "text": "原文",
    "role": "角色",
    "kind": "类型",
    "level": "层级",
    "evidence": "证据等级",
    "relation": "关系",
    "provision": "条款",
    "n": "数量",
    "minimum": "最低次数",
    "activity": "活动类型",
    "yearOffset": "年度偏移",
    "year": "年度",
    "label": "名称",
    "item": "条目",
    "document": "文件",
    "when": "时间",
    "title": "标题",
    "requirement": "要求",
    "records": "记录数",
    "record": "记录",
    "phrase": "词句",
    "part": "部分",
    "parent": "上位条款",
    "number": "编号",
    "note": "说明",
    "name": "名称",
    "missing": "缺少",
    "member": "成员",
    "measures": "具体措施数",
    "measure": "具体措施",
    "links": "关联数",
    "linkedFrom": "关联自",
    "keyword": "关键词",
    "items": "条目数",
    "introducedAt": "引入层级",
    "fixedDate": "固定日期",
    "duty": "职责",
    "difference": "差异",
    "deadline": "期限",
    "counted": "已计",
    "ancestor": "上级",
    "township": "乡镇",
    "townships": "乡镇数",
    "count": "数量",
    "short": "差额",
    "body": "机构",
    "matched": "匹配",
    "citation": "引用",
    "q": "查询",
}
"""Result column names (SPARQL variables) as the Chinese page shows them."""


# "中文 (English)": a Chinese half with its English wording in the last ASCII brackets, which
# hold no Chinese. Why not "English starts lower-case": "… (JSON-LD must be …)" was not split,
# and the English page showed the Chinese half.
_HALVES = re.compile(r"^(.*?[\u4e00-\u9fff].*?) \(([^\u4e00-\u9fff]+)\)$", re.S)


def reader_half(message: str, lang: str) -> str:
    """The reader's half of a two-language message; the message whole when it has one."""
    halves = _HALVES.match(message)
    if not halves:
        return message
    return halves.group(1) if lang == "zh" else halves.group(2)
