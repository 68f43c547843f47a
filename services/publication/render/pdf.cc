#include "services/publication/render/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cmark.h"
#include "services/common/chart_block.h"
#include "services/common/csv.h"
#include "services/publication/render/chart_svg.h"
#include "services/publication/render/csv_table.h"

namespace reportflow::publication {
namespace {

// A4 in points, 2 cm margins; the header and footer sit in the margins.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 56.69;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kBottom = kPageHeight - kMargin;
// The first font that covers Chinese wins; fontconfig falls back from there.
constexpr char kFamily[] = "WenQuanYi Zen Hei,Noto Sans CJK SC,Source Han Sans SC,sans-serif";
constexpr char kMonoFamily[] = "WenQuanYi Zen Hei Mono,Noto Sans Mono CJK SC,monospace";

struct Deleter {
  void operator()(cairo_surface_t* p) const { cairo_surface_destroy(p); }
  void operator()(cairo_t* p) const { cairo_destroy(p); }
  void operator()(PangoContext* p) const { g_object_unref(p); }
  void operator()(PangoLayout* p) const { g_object_unref(p); }
  void operator()(PangoFontDescription* p) const { pango_font_description_free(p); }
  void operator()(cmark_node* p) const { cmark_node_free(p); }
  void operator()(RsvgHandle* p) const { g_object_unref(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleter>;

cairo_status_t AppendTo(void* out, const unsigned char* data, unsigned int length) {
  if (out != nullptr)
    static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

double Points(int pango_units) { return pango_units_to_double(pango_units); }

// How a block of text is set.
struct Style {
  double size = 10.5;  // 五号
  bool bold = false;
  bool mono = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  double indent = 0;             // left indent of every line
  double first_line_indent = 0;  // extra for the first line (two characters for prose)
  double before = 0;
  double after = 4;
  double grey = 0;  // 0 black … 1 white
};

constexpr Style kTitle{18, true, false, PANGO_ALIGN_CENTER, 0, 0, 10, 10};
constexpr Style kMeta{8.5, false, false, PANGO_ALIGN_CENTER, 0, 0, 0, 4, 0.35};
constexpr Style kPart{15, true, false, PANGO_ALIGN_LEFT, 0, 0, 14, 8};
constexpr Style kSection{12.5, true, false, PANGO_ALIGN_LEFT, 0, 0, 10, 6};
constexpr Style kBody{10.5, false, false, PANGO_ALIGN_LEFT, 0, 21, 0, 5};
constexpr Style kCaption{9, false, false, PANGO_ALIGN_CENTER, 0, 0, 2, 10, 0.3};

// The prose of a section, as Pango markup (escaped text, <b>, <i>, <tt>).
std::string Escape(absl::string_view text) { return EscapeXml(text); }

std::string InlineMarkup(cmark_node* node) {
  std::string out;
  for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
       child = cmark_node_next(child)) {
    const char* literal = cmark_node_get_literal(child);
    switch (cmark_node_get_type(child)) {
      case CMARK_NODE_TEXT:
        out += Escape(literal ? literal : "");
        break;
      case CMARK_NODE_CODE:
        absl::StrAppend(&out, "<tt>", Escape(literal ? literal : ""), "</tt>");
        break;
      case CMARK_NODE_SOFTBREAK:
        out += " ";
        break;
      case CMARK_NODE_LINEBREAK:
        out += "\n";
        break;
      case CMARK_NODE_EMPH:
        absl::StrAppend(&out, "<i>", InlineMarkup(child), "</i>");
        break;
      case CMARK_NODE_STRONG:
        absl::StrAppend(&out, "<b>", InlineMarkup(child), "</b>");
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        out += InlineMarkup(child);
        break;
      default:  // raw HTML is not passed through, as on the page
        break;
    }
  }
  return out;
}

// Lays out and draws blocks top to bottom, turning pages as it goes.
class Typesetter {
 public:
  Typesetter(cairo_surface_t* surface, const PageInput& input, int total_pages)
      : surface_(surface), input_(input), total_pages_(total_pages) {
    cr_.reset(cairo_create(surface));
    context_.reset(pango_font_map_create_context(pango_cairo_font_map_get_default()));
    pango_cairo_context_set_resolution(context_.get(), 72);  // font sizes in points
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context_.get(), options);
    cairo_font_options_destroy(options);
    y_ = kMargin;
  }

  // Whether a Chinese text is drawn with real glyphs.
  bool CoversChinese() {
    Owned<PangoLayout> probe = Layout("中文报告", kBody, kContentWidth, false);
    return pango_layout_get_unknown_glyphs_count(probe.get()) == 0;
  }

  int page() const { return page_; }
  double y() const { return y_; }

  // A paragraph of `text` (markup when `markup`), broken across pages by line.
  void Text(const std::string& text, const Style& style, bool markup = true) {
    Space(style.before);
    Owned<PangoLayout> layout = Layout(text, style, kContentWidth - style.indent, markup);
    Flow(layout.get(), kMargin + style.indent, style.grey);
    y_ += style.after;
  }

  void Space(double points) {
    if (y_ > kMargin) y_ += points;
    if (y_ > kBottom) NewPage();
  }

  // Starts a new page unless at least `points` are left on this one.
  void KeepSpace(double points) {
    if (y_ + points > kBottom && y_ > kMargin) NewPage();
  }

  void NewPage() {
    Footer();
    cairo_show_page(cr_.get());
    ++page_;
    y_ = kMargin;
    Header();
  }

  // A bookmark to the current position.
  void Outline(const std::string& title) {
    cairo_pdf_surface_add_outline(
        surface_, CAIRO_PDF_OUTLINE_ROOT, title.c_str(),
        absl::StrCat("page=", page_, " pos=[", kMargin, " ", y_, "]").c_str(),
        CAIRO_PDF_OUTLINE_FLAG_OPEN);
  }

  void Rule(double grey) {
    cairo_set_source_rgb(cr_.get(), grey, grey, grey);
    cairo_set_line_width(cr_.get(), 0.5);
    cairo_move_to(cr_.get(), kMargin, y_);
    cairo_line_to(cr_.get(), kPageWidth - kMargin, y_);
    cairo_stroke(cr_.get());
  }

  // A contents line: `left` wrapped in the width left by a page number,
  // `right` right-aligned on its first line.
  void LeftRight(const std::string& left, const std::string& right, const Style& style) {
    Owned<PangoLayout> text = Layout(left, style, kContentWidth - style.indent - 40, false);
    Space(style.before);
    KeepSpace(style.size * 1.5);
    Style number_style = style;
    number_style.align = PANGO_ALIGN_RIGHT;
    Owned<PangoLayout> number = Layout(right, number_style, 40, false);
    Draw(number.get(), kPageWidth - kMargin - 40, y_, style.grey);
    Flow(text.get(), kMargin + style.indent, style.grey);
    y_ += style.after;
  }

  // A ruled table; the first row is the header, repeated on each new page.
  void Table(const CsvRows& rows) {
    if (rows.empty()) return;
    size_t columns = 0;
    for (const auto& row : rows) columns = std::max(columns, row.size());
    const double size = columns > 6 ? 7.5 : 9;
    const double padding = 3;
    const Style header_style{size, true, false, PANGO_ALIGN_CENTER};
    const Style cell_style{size};
    // Column widths in proportion to their natural widths, each at least a
    // share of the page, the whole exactly the content width.
    std::vector<double> natural(columns, 0);
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < rows[r].size(); ++c) {
        Owned<PangoLayout> cell = Layout(rows[r][c], r == 0 ? header_style : cell_style, -1, false);
        PangoRectangle extent;
        pango_layout_get_extents(cell.get(), nullptr, &extent);
        natural[c] = std::max(natural[c], std::min(Points(extent.width), kContentWidth * 0.45));
      }
    }
    const double floor = kContentWidth / static_cast<double>(columns) * 0.5;
    double sum = 0;
    for (double& width : natural) sum += (width = std::max(width + 2 * padding, floor));
    std::vector<double> widths;
    for (double width : natural) widths.push_back(width * kContentWidth / sum);

    auto draw_row = [&](size_t r, bool dry_run) -> double {
      const bool header = r == 0;
      std::vector<Owned<PangoLayout>> cells;
      double height = 0;
      for (size_t c = 0; c < columns; ++c) {
        const std::string text = c < rows[r].size() ? rows[r][c] : "";
        Style style = header ? header_style : cell_style;
        if (!header && IsNumericCell(text)) style.align = PANGO_ALIGN_RIGHT;
        cells.push_back(Layout(text, style, widths[c] - 2 * padding, false));
        PangoRectangle extent;
        pango_layout_get_extents(cells.back().get(), nullptr, &extent);
        height = std::max(height, Points(extent.height) + 2 * padding);
      }
      if (dry_run) return height;
      double x = kMargin;
      cairo_t* cr = cr_.get();
      for (size_t c = 0; c < columns; ++c) {
        if (header) {
          cairo_set_source_rgb(cr, 0.92, 0.94, 0.97);
          cairo_rectangle(cr, x, y_, widths[c], height);
          cairo_fill(cr);
        }
        Draw(cells[c].get(), x + padding, y_ + padding, 0);
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        cairo_set_line_width(cr, 0.5);
        cairo_rectangle(cr, x, y_, widths[c], height);
        cairo_stroke(cr);
        x += widths[c];
      }
      y_ += height;
      return height;
    };
    const double header_height = draw_row(0, true);
    // The header never stands alone at the foot of a page.
    KeepSpace(header_height + (rows.size() > 1 ? draw_row(1, true) : 0));
    draw_row(0, false);
    for (size_t r = 1; r < rows.size(); ++r) {
      const double height = draw_row(r, true);
      if (y_ + height > kBottom && y_ > kMargin + header_height) {
        NewPage();
        draw_row(0, false);
      }
      draw_row(r, false);
    }
    y_ += 8;
  }

  // A chart block, drawn from the page's SVG of it, and its caption.
  void Figure(const Chart& chart) {
    const std::string svg = ChartSvg(chart);
    GError* error = nullptr;
    Owned<RsvgHandle> handle(
        rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error));
    if (handle == nullptr) {
      if (error != nullptr) g_error_free(error);
      Text(Escape(chart.title), kCaption);
      return;
    }
    gdouble width = 0;
    gdouble height = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &width, &height) || width <= 0) {
      width = 640;
      height = 400;
    }
    const double scale = std::min(1.0, kContentWidth * 0.8 / width) * 0.75;  // px → pt
    const double drawn_width = width * scale;
    const double drawn_height = height * scale;
    Space(6);
    KeepSpace(drawn_height + 24);
    const RsvgRectangle viewport{kMargin + (kContentWidth - drawn_width) / 2, y_, drawn_width,
                                 drawn_height};
    if (!rsvg_handle_render_document(handle.get(), cr_.get(), &viewport, &error) && error) {
      g_error_free(error);
    }
    y_ += drawn_height;
    Text(Escape(chart.title), kCaption);
  }

  // A text section's CommonMark, block by block.
  void Prose(const std::string& content) {
    Owned<cmark_node> document(
        cmark_parse_document(content.data(), content.size(), CMARK_OPT_DEFAULT));
    Blocks(document.get(), 0);
  }

  // Ends the last page.
  void Finish() {
    Footer();
    cairo_show_page(cr_.get());
  }

 private:
  Owned<PangoLayout> Layout(const std::string& text, const Style& style, double width,
                            bool markup) {
    Owned<PangoLayout> layout(pango_layout_new(context_.get()));
    Owned<PangoFontDescription> font(pango_font_description_from_string(
        absl::StrCat(style.mono ? kMonoFamily : kFamily, " ", style.size).c_str()));
    if (style.bold) pango_font_description_set_weight(font.get(), PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(layout.get(), font.get());
    if (width > 0) {
      pango_layout_set_width(layout.get(), pango_units_from_double(width));
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout.get(), style.align);
    pango_layout_set_indent(layout.get(), pango_units_from_double(style.first_line_indent));
    pango_layout_set_spacing(layout.get(), pango_units_from_double(style.size * 0.35));
    // Markup that does not parse (a stray control character) is set as the
    // plain text of the same markup rather than lost.
    if (!markup || !pango_parse_markup(text.c_str(), -1, 0, nullptr, nullptr, nullptr, nullptr)) {
      pango_layout_set_text(layout.get(), text.c_str(), -1);
    } else {
      pango_layout_set_markup(layout.get(), text.c_str(), -1);
    }
    return layout;
  }

  void Draw(PangoLayout* layout, double x, double y, double grey) {
    cairo_set_source_rgb(cr_.get(), grey, grey, grey);
    cairo_move_to(cr_.get(), x, y);
    pango_cairo_show_layout(cr_.get(), layout);
  }

  // Draws `layout` line by line from y_, turning the page where a line does
  // not fit.
  void Flow(PangoLayout* layout, double x, double grey) {
    cairo_set_source_rgb(cr_.get(), grey, grey, grey);
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    double offset = 0;  // layout y of the top of this page's slice
    double bottom = 0;
    do {
      PangoRectangle line;
      pango_layout_iter_get_line_extents(iter, nullptr, &line);
      const double top = Points(line.y);
      const double height = Points(line.height);
      if (y_ + (top - offset) + height > kBottom && y_ + (top - offset) > kMargin) {
        y_ += top - offset;
        NewPage();
        cairo_set_source_rgb(cr_.get(), grey, grey, grey);
        offset = top;
      }
      const double baseline = Points(pango_layout_iter_get_baseline(iter));
      cairo_move_to(cr_.get(), x + Points(line.x), y_ + baseline - offset);
      pango_cairo_show_layout_line(cr_.get(), pango_layout_iter_get_line_readonly(iter));
      bottom = top + height;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    y_ += bottom - offset;
  }

  void Blocks(cmark_node* parent, double indent) {
    for (cmark_node* node = cmark_node_first_child(parent); node != nullptr;
         node = cmark_node_next(node)) {
      Style body = kBody;
      body.indent = indent;
      switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HEADING: {
          Style heading = kBody;
          heading.bold = true;
          heading.first_line_indent = 0;
          heading.indent = indent;
          heading.size = cmark_node_get_heading_level(node) <= 2 ? 12 : 11;
          heading.before = 6;
          KeepSpace(heading.size * 3);
          Text(InlineMarkup(node), heading);
          break;
        }
        case CMARK_NODE_PARAGRAPH:
          Text(InlineMarkup(node), body);
          break;
        case CMARK_NODE_LIST: {
          const bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
          int number = cmark_node_get_list_start(node);
          for (cmark_node* item = cmark_node_first_child(node); item != nullptr;
               item = cmark_node_next(item), ++number) {
            const std::string marker = ordered ? absl::StrCat(number, ". ") : "• ";
            cmark_node* first = cmark_node_first_child(item);
            Style line = body;
            line.first_line_indent = 0;
            line.indent = indent + 21;
            if (first != nullptr && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
              line.first_line_indent = -12;
              Text(absl::StrCat(marker, InlineMarkup(first)), line);
              // Nested blocks after the item's first paragraph.
              cmark_node* wrapper = cmark_node_new(CMARK_NODE_ITEM);
              while (cmark_node* rest = cmark_node_next(first)) {
                cmark_node_unlink(rest);
                cmark_node_append_child(wrapper, rest);
              }
              Blocks(wrapper, indent + 21);
              cmark_node_free(wrapper);
            } else {
              Blocks(item, indent + 21);
            }
          }
          break;
        }
        case CMARK_NODE_BLOCK_QUOTE:
          Blocks(node, indent + 21);
          break;
        case CMARK_NODE_CODE_BLOCK: {
          const char* info = cmark_node_get_fence_info(node);
          const char* literal = cmark_node_get_literal(node);
          if (info != nullptr && absl::string_view(info) == kChartInfoString) {
            absl::StatusOr<Chart> chart = ParseChartBlock(literal == nullptr ? "" : literal);
            if (chart.ok()) {
              Figure(*chart);
              break;
            }
          }
          Style code = body;
          code.mono = true;
          code.size = 9;
          code.first_line_indent = 0;
          Text(literal == nullptr ? "" : literal, code, false);
          break;
        }
        case CMARK_NODE_THEMATIC_BREAK:
          Space(4);
          Rule(0.6);
          Space(8);
          break;
        default:  // raw HTML blocks are not passed through, as on the page
          break;
      }
    }
  }

  void Header() {
    if (page_ == 1) return;
    Style style{8, false, false, PANGO_ALIGN_CENTER};
    Owned<PangoLayout> title = Layout(input_.title, style, kContentWidth, false);
    Draw(title.get(), kMargin, kMargin - 24, 0.4);
    const double saved = y_;
    y_ = kMargin - 10;
    Rule(0.7);
    y_ = saved;
  }

  void Footer() {
    Style style{7, false, false, PANGO_ALIGN_LEFT};
    Owned<PangoLayout> digest = Layout(absl::StrCat("内容摘要 SHA-256：", input_.digest), style,
                                       kContentWidth * 0.75, false);
    Draw(digest.get(), kMargin, kBottom + 18, 0.45);
    style.size = 9;
    style.align = PANGO_ALIGN_RIGHT;
    const std::string number = total_pages_ > 0
                                   ? absl::StrCat("第 ", page_, " 页 共 ", total_pages_, " 页")
                                   : absl::StrCat("第 ", page_, " 页");
    Owned<PangoLayout> numbering = Layout(number, style, kContentWidth, false);
    Draw(numbering.get(), kMargin, kBottom + 16, 0.2);
  }

  cairo_surface_t* surface_;
  const PageInput& input_;
  const int total_pages_;
  Owned<cairo_t> cr_;
  Owned<PangoContext> context_;
  int page_ = 1;
  double y_ = 0;
};

// The parts' first pages, found by the first pass for the contents.
using PartPages = std::vector<int>;

// Typesets the whole document on `surface`; returns the number of pages and
// where each part starts.
absl::StatusOr<std::pair<int, PartPages>> Typeset(cairo_surface_t* surface, const PageInput& input,
                                                  int total_pages, const PartPages& contents) {
  Typesetter out(surface, input, total_pages);
  if (!out.CoversChinese()) {
    return absl::FailedPreconditionError(
        "服务器上没有可显示中文的字体，无法生成 PDF（请安装 fonts-wqy-zenhei 或 fonts-noto-cjk）");
  }
  // Title block.
  out.Text(Escape(absl::StrCat("索引号：", input.index_number, "　发布机构：",
                               input.unit_display_name, "　公开日期：", input.publish_date)),
           kMeta);
  out.Text(Escape(input.title), kTitle);
  if (!input.corrects_url.empty()) {
    out.Text(Escape(absl::StrCat("更正说明：本文件为更正后的版本，替代 ", input.corrects_date,
                                 " 公开的原版本。")),
             Style{9.5, true, false, PANGO_ALIGN_CENTER, 0, 0, 0, 8, 0.2});
  }
  // Contents, with the page numbers the first pass found.
  out.Text("目录", Style{12, true, false, PANGO_ALIGN_CENTER, 0, 0, 8, 6});
  for (size_t i = 0; i < input.parts.size(); ++i) {
    out.LeftRight(input.parts[i].title, i < contents.size() ? absl::StrCat(contents[i]) : "",
                  Style{10.5, false, false, PANGO_ALIGN_LEFT, 21, 0, 0, 3});
  }
  out.LeftRight(
      "审核情况",
      contents.size() > input.parts.size() ? absl::StrCat(contents[input.parts.size()]) : "",
      Style{10.5, false, false, PANGO_ALIGN_LEFT, 21, 0, 0, 3});
  out.Space(6);
  out.Rule(0.6);
  out.Space(6);

  PartPages found;
  for (const PagePart& part : input.parts) {
    out.KeepSpace(120);
    found.push_back(out.page());
    out.Outline(part.title);
    out.Text(Escape(part.title), kPart);
    for (const PageSection& section : part.sections) {
      if (section.title != part.title) {
        out.KeepSpace(80);
        out.Text(Escape(section.title), kSection);
      }
      if (section.content.empty()) {
        out.Text(section.is_table ? "（本表无数据）" : "（无内容）", kCaption);
      } else if (section.is_table) {
        absl::StatusOr<CsvRows> rows = ParseCsv(section.content);
        if (!rows.ok()) {
          return absl::InvalidArgumentError(absl::StrCat("表格“", section.title, "”（", section.key,
                                                         "）：", rows.status().message()));
        }
        out.Table(*rows);
      } else {
        out.Prose(section.content);
      }
    }
  }
  // The review record.
  out.KeepSpace(160);
  found.push_back(out.page());
  out.Outline("审核情况");
  out.Text("审核情况", kPart);
  out.Text(Escape(absl::StrCat("保密审查情况：", SecrecyReviewLine(input.stages))), kBody);
  out.Text(Escape(absl::StrCat("主要负责人审签情况：", HeadSignLine(input.stages))), kBody);
  CsvRows record{{"环节", "签署人", "日期", "意见"}};
  for (const StageRecord& stage : input.stages) {
    record.push_back({stage.stage, stage.signer, stage.date, stage.opinion});
  }
  out.Space(4);
  out.Table(record);
  out.Text(Escape(absl::StrCat("公开日期：", input.publish_date, "　索引号：", input.index_number)),
           kBody);
  out.Text(
      Escape(absl::StrCat("本文件由 ReportFlow 根据经“三审三校”审定的版本 ", input.report_version,
                          " 生成，内容摘要 SHA-256：", input.digest, "。")),
      Style{8.5, false, false, PANGO_ALIGN_LEFT, 0, 0, 6, 4, 0.35});
  out.Finish();
  return std::make_pair(out.page(), found);
}

void SetMetadata(cairo_surface_t* surface, const PageInput& input) {
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, input.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                 input.unit_display_name.c_str());
  cairo_pdf_surface_set_metadata(
      surface, CAIRO_PDF_METADATA_SUBJECT,
      absl::StrCat("版本 ", input.report_version, "，内容摘要 SHA-256：", input.digest).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS,
                                 absl::StrCat("sha256:", input.digest).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "ReportFlow");
  if (input.publish_date.size() == 10) {
    const std::string date = absl::StrCat(input.publish_date, "T00:00:00+08:00");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  }
}

}  // namespace

absl::StatusOr<std::string> RenderPdf(const PageInput& input) {
  // First pass: count the pages and find where each part starts, for the
  // contents and the footers; second pass: the document.
  std::pair<int, PartPages> layout;
  {
    Owned<cairo_surface_t> surface(
        cairo_pdf_surface_create_for_stream(AppendTo, nullptr, kPageWidth, kPageHeight));
    absl::StatusOr<std::pair<int, PartPages>> first = Typeset(surface.get(), input, 0, {});
    if (!first.ok()) return first.status();
    layout = *std::move(first);
  }
  std::string pdf;
  Owned<cairo_surface_t> surface(
      cairo_pdf_surface_create_for_stream(AppendTo, &pdf, kPageWidth, kPageHeight));
  SetMetadata(surface.get(), input);
  absl::StatusOr<std::pair<int, PartPages>> second =
      Typeset(surface.get(), input, layout.first, layout.second);
  if (!second.ok()) return second.status();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(
        absl::StrCat("PDF: ", cairo_status_to_string(cairo_surface_status(surface.get()))));
  }
  return pdf;
}

}  // namespace reportflow::publication
