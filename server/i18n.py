"""Interface words in Chinese (default) and English; the data itself stays as written.

Why a table and not gettext: a few dozen words, two languages, reviewed side by side; the
verbatim duty texts are never translated (the English glosses are separate data).
"""

from __future__ import annotations

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
        "editor": "SPARQL editor",
        "editor_help": "Write SPARQL here (highlighting, prefix completion, error positions); "
        "answers come from this server. Common questions:",
    },
}


def current_lang() -> str:
    """``?lang=`` first, then the cookie set by the switch, else Chinese."""
    asked = request.args.get("lang") or request.cookies.get("lang")
    return asked if asked in LANGS else "zh"
