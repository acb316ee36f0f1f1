"""Draw :mod:`.slides` with python-pptx on the office's slide master, and save it reproducibly.

Bar charts are native PowerPoint charts (editable; their numbers are in the file's chart XML and its embedded
workbook); pictures carry the report's alt text (``descr``); every slide's notes hold the report's sentence.
python-pptx stamps the zip entries and the core properties with the clock, and the embedded chart workbooks
carry their own zips and dates: :func:`save` rewrites them all with fixed times, so two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from .slides import Chart, Slide

# XML 1.0 forbids most control characters; a hostile project name may hold them. They are dropped, the rest is text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def clean(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _layout(prs, name: str):
    return next(layout for layout in prs.slide_layouts if layout.name == name)


def _body(slide):
    """The layout's text body (an office's layout may number it otherwise than python-pptx's own)."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    for shape in slide.placeholders:
        if shape.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE):
            return shape
    return None


def _drop_slides(prs) -> None:
    """A template's own example slides are not the deck's."""
    ids = prs.slides._sldIdLst  # python-pptx has no public way to delete a slide
    for entry in list(ids):
        prs.part.drop_rel(entry.rId)
        ids.remove(entry)


def _frame(prs, slide):
    """The free area below the title: (left, top, width, height) in EMU."""
    width, height = prs.slide_width, prs.slide_height
    title = slide.shapes.title
    top = (title.top + title.height) if title is not None and title.height else int(height * 0.18)
    margin = int(width * 0.04)
    return margin, top + int(height * 0.02), width - 2 * margin, height - top - int(height * 0.06)


def _set_text(frame, lines: Sequence[str], size=None) -> None:
    from pptx.util import Pt

    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = clean(line)
        if size:
            for run in paragraph.runs:
                run.font.size = Pt(size)


def _describe(shape, alt: str) -> None:
    """Alt text: the ``descr`` of the shape's non-visual properties (what a screen reader reads)."""
    if alt:
        shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", clean(alt))


def _chart(slide, chart: Chart, box) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
    from pptx.util import Pt

    data = CategoryChartData(number_format=chart.number_format)
    data.categories = [clean(c) for c in chart.categories]
    for name, numbers in chart.series:
        data.add_series(clean(name), numbers)
    kind = XL_CHART_TYPE.BAR_STACKED if chart.kind == "stacked" else XL_CHART_TYPE.BAR_CLUSTERED
    frame = slide.shapes.add_chart(kind, *box, data)
    _describe(frame, chart.alt)
    plot = frame.chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = chart.number_format
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(12)
    frame.chart.font.size = Pt(12)
    if chart.kind == "stacked":
        plot.gap_width, plot.overlap = 60, 100
    axis = frame.chart.category_axis
    axis.reverse_order = True  # the first category at the top, as it is read
    axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # left of the plot, clear of a negative bar
    values = frame.chart.value_axis
    values.tick_labels.number_format, values.tick_labels.number_format_is_linked = chart.number_format, False
    top = max([abs(v) for _name, vs in chart.series for v in vs] or [0])
    if chart.number_format == "0" and top <= 10:
        values.major_unit = 1  # counts: whole ticks
    frame.chart.has_legend = len(chart.series) > 1
    if frame.chart.has_legend:
        frame.chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        frame.chart.legend.include_in_layout = False
    for i, series in enumerate(plot.series):
        if chart.colours:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(chart.colours[i])
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string("1F4E79")


def _table(slide, rows: list[list[str]], box) -> None:
    from pptx.util import Pt

    left, top, width, height = box
    shape = slide.shapes.add_table(len(rows), len(rows[0]), left, top, width, min(height, (len(rows)) * 420000))
    table = shape.table
    shares = (0.06, 0.22, 0.2, 0.08, 0.08, 0.36)
    for j, share in enumerate(shares[: len(rows[0])]):
        table.columns[j].width = int(width * share)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = clean(value)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(11 if i else 12)


def _size(lines: Sequence[str], base: int) -> int | None:
    """A smaller font when the lines are long (a long sentence stays on the slide), else the layout's own."""
    length = sum(len(line) for line in lines)
    return None if length <= 320 else (18 if length <= 700 else 14)


def _slide(prs, spec: Slide, layouts: dict[str, str]) -> None:
    slide = prs.slides.add_slide(_layout(prs, layouts[spec.use]))
    if slide.shapes.title is not None:
        slide.shapes.title.text = clean(spec.title)
    else:
        left, _top, width, _h = _frame(prs, slide)
        box = slide.shapes.add_textbox(left, int(prs.slide_height * 0.04), width, int(prs.slide_height * 0.12))
        _set_text(box.text_frame, [spec.title], size=28)
    body = _body(slide) if spec.use != "title_only" else None
    left, top, width, height = _frame(prs, slide)
    if spec.use == "title":
        if body is not None and spec.lines:
            _set_text(body.text_frame, spec.lines)
        elif spec.lines:
            box = slide.shapes.add_textbox(left, int(prs.slide_height * 0.6), width, int(prs.slide_height * 0.3))
            _set_text(box.text_frame, spec.lines, size=20)
    elif spec.use == "content":
        if body is not None:
            _set_text(body.text_frame, spec.lines, size=_size(spec.lines, 20))
        else:
            box = slide.shapes.add_textbox(left, top, width, height)
            _set_text(box.text_frame, spec.lines, size=_size(spec.lines, 20) or 20)
    else:
        visual = spec.chart is not None or spec.picture is not None or spec.table is not None
        if spec.lines:
            lines_height = int(height * (0.18 if visual else 1))
            # A table's note ("… og 7 prosjekter til") follows it; a chart's or picture's lines lead.
            below = spec.table is not None
            box = slide.shapes.add_textbox(left, top + height - lines_height if below else top, width, lines_height)
            _set_text(box.text_frame, spec.lines, size=18)
            top, height = (top if below else top + lines_height), height - lines_height
        if spec.chart is not None:
            _chart(slide, spec.chart, (left, top, width, height))
        elif spec.table is not None:
            _table(slide, spec.table, (left, top, width, height))
        elif spec.picture is not None:
            _picture(slide, spec.picture, (left, top, width, height))
    if spec.notes:
        slide.notes_slide.notes_text_frame.text = clean(spec.notes)


def _picture(slide, picture, box) -> None:
    from PIL import Image

    left, top, width, height = box
    with Image.open(picture.path) as image:
        w, h = image.size
    scale = min(width / w, height / h)
    pic_w, pic_h = int(w * scale), int(h * scale)
    shape = slide.shapes.add_picture(str(picture.path), left + (width - pic_w) // 2, top, pic_w, pic_h)
    _describe(shape, picture.alt)


def build_presentation(prs, slides: Sequence[Slide], layouts: dict[str, str], *, title: str, when: dt.datetime):
    """Fill ``prs`` (the opened template) with ``slides``; core properties from the parameters, never the clock."""
    _drop_slides(prs)
    for spec in slides:
        _slide(prs, spec, layouts)
    core = prs.core_properties
    core.title = clean(title)
    core.author = core.last_modified_by = ""
    core.revision = 1
    core.created = core.modified = core.last_printed = when
    return prs


def save(prs, target: Path, when: dt.datetime) -> Path:
    """Write ``prs`` to ``target`` with fixed zip times (the embedded chart workbooks too), in a stable order."""
    buffer = io.BytesIO()
    prs.save(buffer)
    Path(target).write_bytes(_fixed_zip(buffer.getvalue(), when))
    return Path(target)


_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def _fixed_zip(blob: bytes, when: dt.datetime) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        # [Content_Types].xml first (some readers expect it), the rest in a stable order
        for name in sorted(names, key=lambda n: (n != "[Content_Types].xml", n)):
            data = source.read(name)
            if name.endswith(".xlsx"):
                data = _fixed_zip(data, when)
            elif name.endswith("docProps/core.xml"):
                data = _DATES.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, data)
    return out.getvalue()
