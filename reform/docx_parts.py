"""Building blocks for an administrative document in .docx, as NĐ 30/2020/NĐ-CP (Phụ lục I)
sets them: A4, Times New Roman, margins, short rules under the agency and the motto, page
numbers at the top from the second page, tables with borders or without.

Everything goes through python-docx; where it has no API (borders, shading, hyperlinks,
fields), the OOXML element is inserted at its place in the schema's sequence, so that Word
and LibreOffice open the file without a repair prompt.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_SIZE = 14  # NĐ 30/2020: 13–14 for the body
TABLE_SIZE = 12
FIRST_LINE_INDENT = Cm(1.27)
HEADER_FILL = "E7E6E6"
LINK_COLOUR = "0563C1"
# NĐ 30/2020 Phụ lục I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
# Word keeps margins in twentieths of a point: round up, so that 15 mm stays at least 15 mm.
MARGINS = {
    side: Twips(math.ceil(mm * 1440 / 25.4))
    for side, mm in (("top", 20), ("bottom", 20), ("left", 30), ("right", 15))
}
A4 = (Mm(210), Mm(297))

# Child order of the OOXML elements we add (ECMA-376 Part 1, §17).
_PPR_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_TCPR_AFTER_SHD = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip
_TBLPR_AFTER_BORDERS = (
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)  # fmt: skip
_TBLPR_AFTER_WIDTH = ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", *_TBLPR_AFTER_BORDERS)
_SECTPR_AFTER_PGNUM = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _set_fonts(rpr_owner: OxmlElement) -> None:
    """Times New Roman for every script slot, so that no character falls back to another."""
    fonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def new_document() -> DocumentObject:
    """An empty A4 portrait document: Times New Roman 14, the decree's margins."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    section.page_width, section.page_height = A4
    section.orientation = WD_ORIENT.PORTRAIT
    _margins(section)
    return document


def _margins(section: Section) -> None:
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def text_width(section: Section) -> int:
    """The width between the margins, in EMU."""
    return section.page_width - section.left_margin - section.right_margin


def paragraph(
    container: DocumentObject | _Cell,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    after: float = 6,
    keep_with_next: bool = False,
) -> Paragraph:
    """A paragraph of one run; new lines in text become line breaks."""
    para = container.add_paragraph()
    para.paragraph_format.space_after = Pt(after)
    if align is not None:
        para.alignment = align
    if indent:
        para.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    if keep_with_next:
        para.paragraph_format.keep_with_next = True
    if text:
        run_in(para, text, size=size, bold=bold, italic=italic)
    return para


def run_in(
    para: Paragraph,
    text: str,
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    """Text added to a paragraph in one format; new lines become line breaks."""
    for number, line in enumerate(text.split("\n")):
        if not number and not line:
            continue  # text starting with a new line: no empty run before the break
        run = para.add_run()
        if number:
            run.add_break()
        if line:
            run.add_text(line)
        run.font.size = Pt(size)
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None


def rule(container: DocumentObject | _Cell, width: int, available: int) -> Paragraph:
    """A centred horizontal line `width` long (EMU) in a space `available` wide: an empty,
    tiny paragraph with a top border, narrowed by equal indents."""
    para = container.add_paragraph()
    side = max(0, (available - width) // 2)
    para.paragraph_format.left_indent = side
    para.paragraph_format.right_indent = side
    para.paragraph_format.space_before = Pt(3)
    para.paragraph_format.space_after = Pt(0)
    para.paragraph_format.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        top.set(qn(f"w:{key}"), value)
    border.append(top)
    para._p.get_or_add_pPr().insert_element_before(border, *_PPR_AFTER_PBDR)
    return para


# --- tables ------------------------------------------------------------------------------


def table(
    container: DocumentObject | _Cell,
    rows: int,
    widths: Sequence[int],
    *,
    borders: bool = True,
) -> Table:
    """A table of fixed column widths (EMU), with single borders or none at all."""
    grid = container.add_table(rows=rows, cols=len(widths))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    tbl_pr = grid._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))  # python-docx writes one, "auto"
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(width, *_TBLPR_AFTER_WIDTH)
    width.set(qn("w:w"), str(sum(widths) // 635))  # EMU → twentieths of a point
    width.set(qn("w:type"), "dxa")
    edges = OxmlElement("w:tblBorders")
    for side in _BORDER_SIDES:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "auto")
        edges.append(edge)
    tbl_pr.insert_element_before(edges, *_TBLPR_AFTER_BORDERS)
    for column, value in zip(grid.columns, widths, strict=True):
        column.width = value
        for cell in column.cells:
            cell.width = value
    return grid


def shade(cell: _Cell, fill: str = HEADER_FILL) -> None:
    """A cell's background colour (hex RGB)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for existing in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(existing)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(shading, *_TCPR_AFTER_SHD)


def repeat_as_header(row_index: int, grid: Table) -> None:
    """The row is repeated at the top of every page the table runs onto."""
    tr_pr = grid.rows[row_index]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    tr_pr.append(flag)


def keep_row_together(row: _Row) -> None:
    """The row is never split across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def cell_text(
    cell: _Cell,
    text: str,
    *,
    size: float = TABLE_SIZE,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    """Write text in a cell's first paragraph (a new cell has one, empty)."""
    para = cell.paragraphs[0]
    para.paragraph_format.space_after = Pt(2)
    para.paragraph_format.space_before = Pt(2)
    if align is not None:
        para.alignment = align
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    run_in(para, text, size=size, bold=bold, italic=italic)
    return para


def header_row(grid: Table, labels: Sequence[str], row: int = 0) -> None:
    """Bold, centred, shaded labels, repeated on every page."""
    for cell, label in zip(grid.rows[row].cells, labels, strict=True):
        cell_text(cell, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade(cell)
    repeat_as_header(row, grid)


# --- links, pictures, page numbers, sections -------------------------------------------------


def hyperlink(para: Paragraph, url: str, text: str, size: float = TABLE_SIZE) -> None:
    """A clickable link (an external relationship and a w:hyperlink around a styled run)."""
    rel_id = para.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    font_size = OxmlElement("w:sz")
    font_size.set(qn("w:val"), str(int(size * 2)))
    props.extend([colour, font_size, underline])  # the schema's order: color, sz, u
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    para._p.append(link)


def picture(document: DocumentObject, png: bytes, width: int) -> None:
    """A centred picture `width` EMU wide."""
    para = document.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.keep_with_next = False
    para.add_run().add_picture(io.BytesIO(png), width=width)


def page_numbers(section: Section) -> None:
    """The page number centred at the top, not on the section's first page (NĐ 30/2020)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    font_size = OxmlElement("w:sz")
    font_size.set(qn("w:val"), str(BODY_SIZE * 2))
    props.append(font_size)
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = "1"
    run.append(text_element)
    field.append(run)
    para._p.append(field)


def landscape_section(document: DocumentObject) -> Section:
    """A new section on a new page, A4 landscape, its pages numbered from 1 again."""
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4[1], A4[0]
    _margins(section)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.insert_element_before(numbering, *_SECTPR_AFTER_PGNUM)
    return section


def to_bytes(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
