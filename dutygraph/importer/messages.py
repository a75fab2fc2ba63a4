"""Every word the importer says to a user, in Chinese (default) and English (``--lang en``).

Why one catalog: the importer's warnings, notices and refusals were written in English at the
place they arise, while the reader is a clerk in a supervision office; a message said in one
place in both languages can be checked as a whole (tests/test_importer_messages.py: every
entry has both, the Chinese one is Chinese). A diagnostic keeps its machine-readable ``kind``
(unplaced-line, page-number-removed …) and its line; an error keeps a ``code`` and its place.
Quoted source text (“— 3 —”, a mark such as （三）) stays as written in both languages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import DutyGraphError, Location

if TYPE_CHECKING:
    from .listparser import Diagnostic

MESSAGES: dict[str, tuple[str, str]] = {
    # diagnostics (warnings and info notices), keyed by their kind or kind/variant
    "page-number-removed": (
        "已去掉页码行“{text}”",
        "page number “{text}” removed",
    ),
    "after-imprint": (
        "落款之后还有文字，已随落款保留",
        "text after the closing imprint kept with the imprint",
    ),
    "unknown-section/orphan": (
        "编号条目出现在任何一级标题之前，已放入一个未命名的部分",
        "numbered item before any section heading; kept in an unnamed section",
    ),
    "unknown-section/kind": (
        "看不出这一部分属于哪一类（基本原则、一般职责、党委或政府职责、纪律保障）",
        "cannot tell what kind of section this is (principles, general duties, a head's "
        "duties, discipline)",
    ),
    "unplaced-line": (
        "行首的标记不是已知的编号，这一行已保留，附在{mark}之后",
        "line starts with a mark that is not a known enumerator; kept, appended to {mark}",
    ),
    "page-break-repaired": (
        "{mark}中间的分页已接合",
        "page break inside {mark} joined",
    ),
    "unnumbered-paragraph": (
        "没有编号的段落已附在{mark}之后",
        "paragraph without a number appended to {mark}",
    ),
    "empty-last-heading": (
        "最后一个标题{mark}下面没有内容，文件是否不完整？",
        "the last heading {mark} has nothing under it; is the file cut off?",
    ),
    "cut-off-last-item": (
        "最后一项{mark}在句子中间结束，文件是否不完整？",
        "the last item {mark} stops mid-sentence; is the file cut off?",
    ),
    "traditional-converted": (
        "繁体字文件：经 OpenCC 机器转换为简体后识别；原文按原样保留，简体转换另行记录",
        "Traditional characters: recognised through an OpenCC machine conversion to "
        "Simplified; texts kept as written, the conversion recorded beside them",
    ),
    "unplaced-text": (
        "第一条之前的文字不是条款，请确认它只是标题或序言",
        "text before the first article is not a provision; check it is only a title or preamble",
    ),
    "pdf-furniture/page-number": (
        "已去掉第 {page} 页的页码“{text}”",
        "page number “{text}” of page {page} removed",
    ),
    "pdf-furniture/header": (
        "已去掉第 {page} 页的页眉“{text}”",
        "running header “{text}” of page {page} removed",
    ),
    "html-furniture": (
        "网页中正文以外的内容（导航、页脚等）未读入，共 {count} 行",
        "{count} lines of the web page outside its main text (menus, footer …) not read",
    ),
    "numbering-duplicate": (
        "{label}：编号{mark}重复出现",
        "{label}: number {mark} appears again",
    ),
    "numbering-order": (
        "{label}：编号{mark}排在更大的编号之后",
        "{label}: {mark} comes after a higher number",
    ),
    "numbering-gap": (
        "{label}：编号跳到{mark}，缺少第 {missing} 号（按原文保留，未重新编号）",
        "{label}: numbering jumps to {mark}; number {missing} is absent "
        "(kept as written, not renumbered)",
    ),
    # errors (the file is refused), keyed by their code
    "nul-byte": (
        "无法解码：第 {offset} 字节是 NUL，这不是文本文件",
        "cannot decode: NUL byte at offset {offset}, this is not a text file",
    ),
    "undecodable": (
        "无法解码：第 {offset} 字节起既不是 UTF-8 也不是 GB18030 编码",
        "cannot decode: byte offset {offset} is neither UTF-8 nor GB18030",
    ),
    "pdf-scanned": (
        "这个 PDF 没有文字层（可能是扫描件）：请先做文字识别（OCR），或提供 Word/文本版",
        "the PDF has no text layer (it looks scanned): run OCR first, or supply a Word or "
        "text copy",
    ),
    "pdf-unreadable": (
        "不是可读的 PDF 文件（文件损坏，或不是 PDF）",
        "not a readable PDF file ({detail})",
    ),
    "docx-unreadable": (
        "不是可读的 Word 文档（.docx）：文件损坏，或不是 .docx（旧的 .doc 请先另存为 .docx）",
        "not a readable Word (.docx) file ({detail})",
    ),
    "html-unreadable": (
        "读不出网页的正文（文件损坏，或不是网页）",
        "cannot read the web page's main text ({detail})",
    ),
    "no-document-id": (
        "无法从文件名 {name} 得出文件标识，请用 --id 指定（小写字母、数字和连字符）",
        "cannot derive a document id from the file name {name}; pass --id "
        "(lower-case letters, digits and hyphens)",
    ),
    "bad-document-id": (
        "文件标识 {slug} 不合规：只能用小写字母、数字和“-”",
        "invalid document id {slug}: use lower-case letters, digits, '-'",
    ),
    "empty-file": (
        "文件是空的（没有可导入的文字）",
        "the file is empty (no text to import)",
    ),
    "document-for-list": (
        "--document 只用于条文形式（第X条）的法规，这个文件是职责清单",
        "--document is for regulations (第X条 form); this is a duty list",
    ),
    "not-a-duty-list": (
        "不是职责清单：没有找到基本原则、一般职责、党委或政府主要负责人职责、纪律保障等部分",
        "not a duty list: found no principles, general duties, role sections or discipline items",
    ),
    "not-a-regulation": (
        "不是法规：没有找到条文（第X条）",
        "not a regulation: no article (第X条) found",
    ),
    "by-needs-name": (
        "--by 需要一个名字",
        "--by needs a name",
    ),
    "unreadable-file": (
        "读不了文件：{reason}",
        "cannot read file ({detail})",
    ),
    "several-files-options": (
        "多个文件须用 -o 指定输出文件夹（每个文件一个 STEM.ttl），且不能用 --id 或 --document",
        "several FILES need -o FOLDER (one STEM.ttl each) and take no --id or --document",
    ),
    "same-stem": (
        "两个文件的主文件名相同，输出会互相覆盖",
        "two FILES have the same name stem; their outputs would collide",
    ),
}
"""Message id → (Chinese, English) templates; ``{mark}`` with no mark reads 该项 / the item.
A library's own exception text (``{detail}``, English) is shown in English only."""

OS_REASONS = {
    "FileNotFoundError": "文件不存在",
    "PermissionError": "没有读取权限",
    "IsADirectoryError": "这是一个文件夹",
}
"""Why a file could not be read, in Chinese (the OS says it in English)."""

SEVERITY = {"zh": {"warning": "警告", "info": "提示"}, "en": {"warning": "warning", "info": "info"}}
_NO_MARK = {"zh": "该项", "en": "the item"}


_SOURCE_WORDS = ("mark", "label")
"""Values that are the document's own words (（三）, 一是, 党委(3)): inline in Chinese, quoted
“…” in English so the English sentence stays English around them."""


def say(key: str, lang: str = "zh", *, quote: bool = True, **args: object) -> str:
    """The message ``key`` in ``lang`` with its values filled in (a list as 3、4 or 3, 4).

    ``quote=False`` leaves the document's words unquoted in English too: the graph's notes
    (dg:explanation) keep the wording they had before the terminal got its quotes."""
    zh, en = MESSAGES[key]
    for name, value in args.items():
        if isinstance(value, list):
            args[name] = ("、" if lang == "zh" else ", ").join(str(v) for v in value)
    for name in _SOURCE_WORDS:
        if name in args:
            value = args[name]
            if not value:
                args[name] = _NO_MARK[lang]
            elif lang == "en" and quote:
                args[name] = f"“{value}”"
    return (en if lang == "en" else zh).format(**args)


def both(key: str, **args: object) -> tuple[str, str]:
    """The message in Chinese and in English."""
    return say(key, "zh", **dict(args)), say(key, "en", **dict(args))


def refusal(key: str, location: Location | None = None, **args: object) -> DutyGraphError:
    """An importer error: Chinese message, English beside it, ``code`` = the key."""
    zh, en = both(key, **args)
    return DutyGraphError(zh, location, en=en, code=key)


def diagnostic_line(file: str, diag: Diagnostic, lang: str = "zh") -> str:
    """One diagnostic as the terminal shows it: place, severity, code, message.

    English keeps the compiler-style ``FILE:LINE: severity: code: message`` that editors
    and scripts parse; Chinese says 文件，第 N 行：警告［code］：… with the same code."""
    if lang == "en":
        return f"{file}:{diag.line}: {diag.severity}: {diag.kind}: {diag.text('en')}"
    where = Location(file=file, line=diag.line).describe("zh")
    return f"{where}：{SEVERITY['zh'][diag.severity]}［{diag.kind}］：{diag.text('zh')}"
