#!/usr/bin/python3
"""Writes the office files the import tests read, with LibreOffice (headless)
from flat ODF documents made here, so that every fixture is a file a real
office suite saved — never a hand-made zip — except the deliberately broken
ones.

  style-headings.docx     headings by style only (标题 1/2, no numbering in the
                          text), a footnote, a text box, an image, and the
                          三公 table with merged header cells under its heading
  numbered-headings.docx  headings by their numbering only (第一部分, 一、) in
                          body-text paragraphs
  wps-headings.docx       style-headings.docx rewritten the way WPS saves:
                          numeric style ids, styles named "标题 N" without an
                          outline level
  tables.xlsx             the sample's 13 tables (figures from its text), one
                          sheet each with title, 公开NN表, 单位：万元 and a
                          two-row merged header; one sheet that matches nothing
  corrupt.docx            style-headings.docx cut in half
  password.docx           a password-protected .docx's container (OLE compound
                          file with EncryptedPackage; see encrypted_office_file)
  bomb.docx               a zip whose document.xml inflates to 300 MB of spaces
  legacy.xls              tables.xlsx saved as Excel 97 (.xls)

Usage: make_fixtures.py OUTDIR
"""
import base64
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
work = tempfile.mkdtemp(prefix="rf-fixtures-")



def make_png():
    """A valid 2×2 red PNG, for the image that must be reported as not imported."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG = base64.b64encode(make_png()).decode()

ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
          'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
          'office:version="1.3"')


def convert(source, target_ext, filter_name):
    subprocess.run(["soffice", "--headless", "--norestore", "-env:UserInstallation=file://" + work + "/profile",
                    "--convert-to", target_ext + ":" + filter_name, "--outdir", work, source],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    return os.path.join(work, os.path.splitext(os.path.basename(source))[0] + "." + target_ext)


def p(text, style="Text_20_body"):
    return '<text:p text:style-name="%s">%s</text:p>' % (style, escape(text))


def h(text, level, by_style):
    if by_style:
        return '<text:h text:style-name="Heading_20_%d" text:outline-level="%d">%s</text:h>' % (
            level, level, escape(text))
    return p(text)


# The sample's sections, shortened: (part, [(chapter, [paragraphs])]).
PARTS = [
    ("单位概况", [
        ("主要职责", ["金口河区财政局是区政府主管财政收支、财税政策的工作部门。"]),
        ("机构设置", ["本单位内设 8 个股室，下属 1 个事业单位。"]),
    ]),
    ("2024 年度单位决算情况说明", [
        ("收入支出决算总体情况说明", ["2024 年度收入、支出总计均为 1089.82 万元。"]),
        ("财政拨款“三公”经费支出决算情况说明", ["2024年度“三公”经费财政拨款支出决算为 45.13 万元。"]),
    ]),
]
THREE_PUBLIC = [  # rows of 十三、财政拨款“三公”经费支出决算表, from the text's section 七
    ["合计", "45.13", "0", "15.13", "0", "15.13", "30", "45.13", "0", "15.13", "0", "15.13", "30"],
]


def three_public_table():
    """Header: 项目 (two rows), 预算数 and 决算数 each spanning six columns."""
    sub = ["小计", "因公出国（境）费", "公务用车购置及运行维护费/小计", "公务用车购置费", "公务用车运行费", "公务接待费"]
    cells = []
    cells.append('<table:table table:name="三公"><table:table-column table:number-columns-repeated="13"/>')
    cells.append('<table:table-row><table:table-cell table:number-rows-spanned="2">%s</table:table-cell>' % p("项目", "Table_20_Contents"))
    cells.append('<table:table-cell table:number-columns-spanned="6">%s</table:table-cell>' % p("预算数", "Table_20_Contents"))
    cells.append('<table:covered-table-cell/>' * 5)
    cells.append('<table:table-cell table:number-columns-spanned="6">%s</table:table-cell>' % p("决算数", "Table_20_Contents"))
    cells.append('<table:covered-table-cell/>' * 5)
    cells.append('</table:table-row><table:table-row><table:covered-table-cell/>')
    for _ in range(2):
        for name in sub:
            cells.append('<table:table-cell>%s</table:table-cell>' % p(name, "Table_20_Contents"))
    cells.append('</table:table-row>')
    for row in THREE_PUBLIC:
        cells.append('<table:table-row>' + "".join(
            '<table:table-cell>%s</table:table-cell>' % p(v, "Table_20_Contents") for v in row) + '</table:table-row>')
    cells.append('</table:table>')
    return "".join(cells)


def fodt(by_style):
    body = []
    if by_style:
        body.append(p("金口河区财政局2024年度单位决算", "Title"))
    for n, (part, chapters) in enumerate(PARTS):
        numbers = ["一", "二", "三", "四", "五"]
        body.append(h(part if by_style else "第%s部分 %s" % (numbers[n], part), 1, by_style))
        for c, (chapter, paragraphs) in enumerate(chapters):
            body.append(h(chapter if by_style else "%s、%s" % (numbers[c], chapter), 2, by_style))
            for text in paragraphs:
                body.append(p(text))
    if by_style:
        # A footnote in 主要职责's part, a text box and an image in the last section.
        body.append('<text:p text:style-name="Text_20_body">本表数据以万元为单位<text:note text:id="n1" text:note-class="footnote">'
                    '<text:note-citation>1</text:note-citation><text:note-body>'
                    + p("数据来源：2024 年度部门决算报表。", "Footnote") + '</text:note-body></text:note>。</text:p>')
        body.append('<text:p text:style-name="Text_20_body"><draw:frame draw:name="box" text:anchor-type="paragraph" '
                    'svg:width="8cm" svg:height="2cm"><draw:text-box>' + p("文本框：以上数据未经审计。") +
                    '</draw:text-box></draw:frame>正文在文本框之后。</text:p>')
        body.append('<text:p text:style-name="Text_20_body"><draw:frame draw:name="img" text:anchor-type="as-char" '
                    'svg:width="1cm" svg:height="1cm"><draw:image><office:binary-data>' + PNG +
                    '</office:binary-data></draw:image></draw:frame>（图 1：收入支出决算总体情况）</text:p>')
        body.append(h("附表", 1, True))
        body.append(h("财政拨款“三公”经费支出决算表", 2, True))
    else:
        body.append(p("第三部分 名词解释"))
        body.append(p("1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。"))
        body.append(p("第五部分 附表"))
        body.append(p("十三、财政拨款“三公”经费支出决算表"))
    body.append(p("单位：万元"))
    body.append(three_public_table())
    # Real paragraph styles, so that Word's Heading 1/2 come out of them.
    styles = ('<office:styles><style:style style:name="Heading" style:family="paragraph" style:class="text"/>'
              + "".join('<style:style style:name="Heading_20_%d" style:display-name="Heading %d" style:family="paragraph" '
                        'style:parent-style-name="Heading" style:default-outline-level="%d" style:class="text"/>' % (n, n, n)
                        for n in (1, 2))
              + '<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:class="text"/>'
              '<style:style style:name="Title" style:family="paragraph" style:class="chapter"/></office:styles>')
    return ('<?xml version="1.0" encoding="UTF-8"?><office:document %s office:mimetype="application/vnd.oasis.opendocument.text">'
            '%s<office:body><office:text>%s</office:text></office:body></office:document>') % (ODF_NS, styles, "".join(body))


for name, by_style in (("style-headings", True), ("numbered-headings", False)):
    source = os.path.join(work, name + ".fodt")
    with open(source, "w", encoding="utf-8") as f:
        f.write(fodt(by_style))
    shutil.copy(convert(source, "docx", "MS Word 2007 XML"), os.path.join(out, name + ".docx"))

# WPS: numeric style ids, styles named 标题 N, no outline level in the style.
with zipfile.ZipFile(os.path.join(out, "style-headings.docx")) as source, \
        zipfile.ZipFile(os.path.join(out, "wps-headings.docx"), "w", zipfile.ZIP_DEFLATED) as target:
    import re
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename in ("word/styles.xml", "word/document.xml"):
            text = data.decode("utf-8")
            for level in (1, 2, 3):
                text = text.replace('w:styleId="Heading%d"' % level, 'w:styleId="%d"' % (level + 1))
                text = text.replace('w:val="Heading%d"' % level, 'w:val="%d"' % (level + 1))
                text = text.replace('<w:name w:val="Heading %d"/>' % level, '<w:name w:val="标题 %d"/>' % level)
            text = re.sub(r'<w:outlineLvl w:val="\d"/>', "", text)
            data = text.encode("utf-8")
        target.writestr(item, data)

# The 13 tables, from the figures the sample's text gives.
TABLES = [
    ("收入支出决算总表", ["收入", "支出"], [["本年收入合计", "1080.05"], ["本年支出合计", "1088.08"], ["总计", "1089.82"]]),
    ("收入决算表", ["本年收入合计", "财政拨款收入"], [["合计", "1080.05"], ["一般公共预算财政拨款收入", "1079.94"], ["其他收入", "0.11"]]),
    ("支出决算表", ["本年支出合计", "基本支出"], [["合计", "1088.08"], ["基本支出", "764.27"], ["项目支出", "323.81"]]),
    ("财政拨款收入支出决算总表", ["收入", "支出"], [["财政拨款收入支出总计", "1081.45"]]),
    ("财政拨款支出决算明细表", ["本年支出", "合计"], [["合计", "1080.02"]]),
    ("一般公共预算财政拨款支出决算表", ["本年支出", "合计"], [["一般公共服务支出", "847.2"], ["社会保障和就业支出", "157.9"],
                                                    ["卫生健康支出", "20.46"], ["农林水支出", "0.01"], ["住房保障支出", "54.45"]]),
    ("一般公共预算财政拨款支出决算明细表", ["本年支出", "合计"], [["行政运行", "440.67"], ["一般行政管理事务", "279.69"], ["事业运行", "126.84"]]),
    ("一般公共预算财政拨款基本支出决算表", ["基本支出", "合计"], [["人员经费", "672.13"], ["公用经费", "92.08"], ["合计", "764.21"]]),
    ("一般公共预算财政拨款项目支出决算表", ["项目支出", "合计"], [["合计", "323.81"]]),
    ("政府性基金预算财政拨款收入支出决算表", ["本年支出", "合计"], [["合计", "0"]]),
    ("国有资本经营预算财政拨款收入支出决算表", ["本年支出", "合计"], [["合计", "0"]]),
    ("国有资本经营预算财政拨款支出决算表", ["本年支出", "合计"], [["合计", "0"]]),
    ("财政拨款“三公”经费支出决算表", ["决算数", "公务接待费"], [["合计", "30"], ["国内公务接待费", "30"]]),
]


def cell(value, style=None, span=None, number=False):
    attributes = ""
    if span:
        attributes += ' table:number-columns-spanned="%d"' % span
    if number:
        attributes += ' office:value-type="float" office:value="%s" table:style-name="two"' % value
        return '<table:table-cell%s><text:p>%s</text:p></table:table-cell>' % (attributes, "%.2f" % float(value))
    return '<table:table-cell%s office:value-type="string"><text:p>%s</text:p></table:table-cell>' % (attributes, escape(value))


sheets = []
for index, (title, (group, column), rows) in enumerate(TABLES, start=1):
    xml = ['<table:table table:name="%s"><table:table-column table:number-columns-repeated="3"/>' % ("公开%02d表" % index)]
    xml.append('<table:table-row>%s<table:covered-table-cell/><table:covered-table-cell/></table:table-row>' % cell(title, span=3))
    xml.append('<table:table-row>%s%s%s</table:table-row>' % (cell("编制单位：金口河区财政局"), cell(""), cell("公开%02d表" % index)))
    xml.append('<table:table-row>%s%s%s</table:table-row>' % (cell("2024年度"), cell(""), cell("单位：万元")))
    # Two header rows: 项目 merged down, the group spanning two columns.
    xml.append('<table:table-row><table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>项目</text:p></table:table-cell>'
               '%s<table:covered-table-cell/></table:table-row>' % cell(group, span=2))
    xml.append('<table:table-row><table:covered-table-cell/>%s%s</table:table-row>' % (cell(column), cell("上年数")))
    for label, value in rows:
        xml.append('<table:table-row>%s%s%s</table:table-row>' % (cell(label), cell(value, number=True), cell("0", number=True)))
    if index == 13:
        # A formula whose binary float sum is 0.30000000000000004, shown as 0.30.
        xml.append('<table:table-row>%s<table:table-cell table:formula="of:=0.1+0.2" office:value-type="float" office:value="0.3" '
                   'table:style-name="two"><text:p>0.30</text:p></table:table-cell>%s</table:table-row>' % (cell("外事接待费"), cell("0", number=True)))
        xml.append('<table:table-row>%s<table:covered-table-cell/><table:covered-table-cell/></table:table-row>'
                   % cell("注：本单位 2024 年度无因公出国（境）费支出。", span=3))
    xml.append('</table:table>')
    sheets.append("".join(xml))
sheets.append('<table:table table:name="说明"><table:table-row>%s</table:table-row><table:table-row>%s</table:table-row></table:table>'
              % (cell("填报说明"), cell("本工作簿由决算报表软件导出。")))
fods = ('<?xml version="1.0" encoding="UTF-8"?><office:document %s office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        '<office:automatic-styles><number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/></number:number-style>'
        '<style:style style:name="two" style:family="table-cell" style:data-style-name="N2"/></office:automatic-styles>'
        '<office:body><office:spreadsheet>%s</office:spreadsheet></office:body></office:document>') % (ODF_NS, "".join(sheets))
source = os.path.join(work, "tables.fods")
with open(source, "w", encoding="utf-8") as f:
    f.write(fods)
shutil.copy(convert(source, "xlsx", "Calc MS Excel 2007 XML"), os.path.join(out, "tables.xlsx"))
shutil.copy(convert(source, "xls", "MS Excel 97"), os.path.join(out, "legacy.xls"))


def encrypted_office_file(package):
    """A password-protected .docx as Office stores one: an OLE compound file
    (MS-CFB, version 3) with the streams EncryptionInfo and EncryptedPackage
    (MS-OFFCRYPTO). Debian's LibreOffice 7.4 and msoffcrypto-tool 5.0 cannot
    encrypt OOXML, so the container is written here; its EncryptedPackage
    holds the package XOR-scrambled, not AES: what the import must recognise
    is the container, which it refuses before reading any stream."""
    import struct
    sector = 512
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption '
        'xmlns="http://schemas.microsoft.com/office/2006/encryption"/>').encode()
    payload = struct.pack("<Q", len(package)) + bytes(b ^ 0x5A for b in package)
    # Streams of at least 4096 bytes live in regular sectors (no mini stream).
    streams = [("EncryptionInfo", info.ljust(4096, b"\0")), ("EncryptedPackage", payload.ljust(4096, b"\0"))]
    chains, data, next_sector = [], b"", 2  # sector 0: FAT, sector 1: directory
    for _, content in streams:
        count = -(-len(content) // sector)
        chains.append((next_sector, count))
        data += content.ljust(count * sector, b"\0")
        next_sector += count
    assert next_sector <= 128, "one FAT sector"
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for start, count in chains:
        fat += [start + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name, kind, child, right, start, size):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))
    directory = (entry("Root Entry", 5, 1, 0xFFFFFFFF, 0xFFFFFFFE, 0)
                 + entry(streams[0][0], 2, 0xFFFFFFFF, 2, chains[0][0], len(streams[0][1]))
                 + entry(streams[1][0], 2, 0xFFFFFFFF, 0xFFFFFFFF, chains[1][0], len(streams[1][1]))
                 + entry("", 0, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0))
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<I", 0) + b"\xff" * (4 * 108))
    return header + struct.pack("<128I", *fat) + directory + data


# Broken on purpose.
with open(os.path.join(out, "style-headings.docx"), "rb") as f:
    whole = f.read()
with open(os.path.join(out, "corrupt.docx"), "wb") as f:
    f.write(whole[: len(whole) // 2])
with open(os.path.join(out, "password.docx"), "wb") as f:
    f.write(encrypted_office_file(whole))
with zipfile.ZipFile(os.path.join(out, "bomb.docx"), "w", zipfile.ZIP_DEFLATED) as bomb:
    bomb.writestr("[Content_Types].xml", "<Types/>")
    with bomb.open("word/document.xml", "w") as part:
        chunk = b" " * (1 << 20)
        for _ in range(300):
            part.write(chunk)
shutil.rmtree(work, ignore_errors=True)
print("fixtures: " + " ".join(sorted(os.listdir(out))))
