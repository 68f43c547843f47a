#include "services/publication/render/page.h"

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "cmark.h"
#include "embedded/publication_templates.h"
#include "kainjow/mustache.hpp"
#include "nlohmann/json.hpp"
#include "re2/re2.h"
#include "services/common/chart_block.h"
#include "services/common/status_macros.h"
#include "services/publication/render/chart_svg.h"
#include "services/publication/render/csv_table.h"
#include "services/publication/render/pdf.h"

namespace reportflow::publication {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

constexpr absl::string_view kPdfPath = "report.pdf";

absl::string_view Template(absl::string_view name) {
  for (const EmbeddedFile& file : Templates()) {
    if (file.name == name) return file.content;
  }
  return {};
}

std::string Render(absl::string_view template_name, data values) {
  values.set("style", std::string(Template("style.css")));
  mustache page{std::string(Template(template_name))};
  return page.render(values);
}

// A section's prose as HTML and the charts and figures in it.
struct RenderedText {
  std::string html;
  nlohmann::json charts = nlohmann::json::array();
};

std::string ChartFigure(const Chart& chart) {
  return absl::StrCat("<figure class=\"chart\">", ChartSvg(chart), "<figcaption>",
                      EscapeXml(chart.title), "</figcaption></figure>\n");
}

nlohmann::json ChartJson(const Chart& chart) {
  nlohmann::json rows = nlohmann::json::array();
  double total = 0;
  for (size_t i = 0; i < chart.rows.size(); ++i) {
    const ChartRow& row = chart.rows[i];
    total += row.amount;
    nlohmann::json item = {{"label", row.label}, {"value", row.amount}};
    if (chart.type == ChartType::kPie) item["share_percent"] = ShareText(chart, i);
    rows.push_back(item);
  }
  return {{"type", std::string(ChartTypeName(chart.type))},
          {"title", chart.title},
          {"unit", chart.unit},
          {"rows", rows},
          {"total", total}};
}

// CommonMark → HTML with the default (safe) options: raw HTML in the text is
// not passed through. Chart blocks are swapped for marker paragraphs before
// rendering and the markers for SVG after, so the SVG is ours alone.
RenderedText RenderText(const std::string& content) {
  RenderedText out;
  cmark_node* document = cmark_parse_document(content.data(), content.size(), CMARK_OPT_DEFAULT);
  std::vector<cmark_node*> blocks;
  cmark_iter* iter = cmark_iter_new(document);
  for (cmark_event_type event = cmark_iter_next(iter); event != CMARK_EVENT_DONE;
       event = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    const char* info = cmark_node_get_fence_info(node);
    if (event == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK &&
        info != nullptr && absl::string_view(info) == kChartInfoString) {
      blocks.push_back(node);
    }
  }
  cmark_iter_free(iter);
  std::vector<std::pair<std::string, std::string>> replacements;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const char* literal = cmark_node_get_literal(blocks[i]);
    absl::StatusOr<Chart> chart = ParseChartBlock(literal == nullptr ? "" : literal);
    const std::string marker = absl::StrCat("rf-chart-marker-", i, "-8d1f");
    std::string figure;
    if (chart.ok()) {
      figure = ChartFigure(*chart);
      out.charts.push_back(ChartJson(*chart));
    } else {
      figure = absl::StrCat("<figure class=\"chart\"><pre>", EscapeXml(literal ? literal : ""),
                            "</pre><figcaption>", EscapeXml(chart.status().message()),
                            "</figcaption></figure>\n");
    }
    cmark_node* paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(text, marker.c_str());
    cmark_node_append_child(paragraph, text);
    cmark_node_replace(blocks[i], paragraph);
    cmark_node_free(blocks[i]);
    replacements.emplace_back(absl::StrCat("<p>", marker, "</p>\n"), figure);
  }
  char* html = cmark_render_html(document, CMARK_OPT_DEFAULT);
  out.html = absl::StrReplaceAll(html, replacements);
  std::free(html);
  cmark_node_free(document);
  return out;
}

// The amounts the prose states, each with the words before it (AmountLabel).
// RE2 (linear time): the text is a drafter's, of any length.
nlohmann::json Figures(const std::string& content) {
  static const RE2 amount("([0-9]+(?:\\.[0-9]+)?)\\s*(万元|元)");
  nlohmann::json figures = nlohmann::json::array();
  bool in_fence = false;
  size_t line_start = 0;
  while (line_start <= content.size()) {
    size_t line_end = content.find('\n', line_start);
    if (line_end == std::string::npos) line_end = content.size();
    const absl::string_view line(content.data() + line_start, line_end - line_start);
    if (absl::StartsWith(line, "```")) {
      in_fence = !in_fence;
    } else if (!in_fence) {
      re2::StringPiece input(line.data(), line.size());
      re2::StringPiece number;
      re2::StringPiece unit;
      while (RE2::FindAndConsume(&input, amount, &number, &unit)) {
        double value = 0;
        // A figure of more digits than a double holds is not a figure.
        if (number.size() > 24 ||
            !absl::SimpleAtod(absl::string_view(number.data(), number.size()), &value))
          continue;
        figures.push_back({{"label", AmountLabel(line.substr(
                                         0, static_cast<size_t>(number.data() - line.data())))},
                           {"value", value},
                           {"unit", std::string(unit.data(), unit.size())}});
      }
    }
    if (line_end == content.size()) break;
    line_start = line_end + 1;
  }
  return figures;
}

}  // namespace

namespace {

// "（赵磊，2025-08-30）" for the stage with `key`, else for the last stage
// prefixed with `fallback`.
std::string SignedBy(const std::vector<StageRecord>& stages, absl::string_view key,
                     absl::string_view fallback) {
  for (const StageRecord& stage : stages) {
    if (stage.key == key) return absl::StrCat("（", stage.signer, "，", stage.date, "）");
  }
  if (stages.empty()) return "";
  return absl::StrCat("（", fallback, stages.back().signer, "，", stages.back().date, "）");
}

}  // namespace

std::string SecrecyReviewLine(const std::vector<StageRecord>& stages) {
  return absl::StrCat("已审查", SignedBy(stages, "secrecy-review", "经三审三校，终审 "));
}

std::string HeadSignLine(const std::vector<StageRecord>& stages) {
  return absl::StrCat("已审签", SignedBy(stages, "head-sign", "终审 "));
}

absl::StatusOr<std::vector<RenderedFile>> RenderPublication(const PageInput& input) {
  std::vector<RenderedFile> files;
  nlohmann::json sections_json = nlohmann::json::array();
  data parts{data::type::list};
  data tables{data::type::list};
  int part_number = 0;
  for (const PagePart& part : input.parts) {
    data sections{data::type::list};
    for (const PageSection& section : part.sections) {
      data item;
      item.set("key", section.key);
      item.set("title", section.title);
      // A part with a single section of its own name (名词解释) shows one heading.
      item.set("show_title", section.title != part.title);
      nlohmann::json section_json = {{"key", section.key},
                                     {"title", section.title},
                                     {"kind", section.is_table ? "table" : "text"}};
      if (section.content.empty()) {
        item.set("html", std::string(section.is_table ? "<p class=\"empty\">（本表无数据）</p>"
                                                      : "<p class=\"empty\">（无内容）</p>"));
      } else if (section.is_table) {
        absl::StatusOr<CsvRows> rows = ParseCsv(section.content);
        if (!rows.ok()) {
          return absl::InvalidArgumentError(absl::StrCat("表格“", section.title, "”（", section.key,
                                                         "）：", rows.status().message()));
        }
        const std::string csv_path = absl::StrCat("tables/", section.key, ".csv");
        files.push_back({csv_path, "text/csv; charset=utf-8", SpreadsheetSafeCsv(*rows)});
        item.set("html", CsvTableHtml(*rows));
        item.set("csv", csv_path);
        data table;
        table.set("title", section.title);
        table.set("csv", csv_path);
        tables.push_back(table);
        nlohmann::json header =
            rows->empty() ? nlohmann::json::array() : nlohmann::json((*rows)[0]);
        nlohmann::json body = nlohmann::json::array();
        for (size_t r = 1; r < rows->size(); ++r) body.push_back((*rows)[r]);
        section_json["table"] = {{"csv", csv_path}, {"header", header}, {"rows", body}};
      } else {
        RenderedText text = RenderText(section.content);
        item.set("html", text.html);
        section_json["charts"] = std::move(text.charts);
        section_json["figures"] = Figures(section.content);
      }
      sections.push_back(item);
      sections_json.push_back(std::move(section_json));
    }
    data part_data;
    part_data.set("title", part.title);
    part_data.set("anchor", absl::StrCat("part-", ++part_number));
    part_data.set("sections", sections);
    parts.push_back(part_data);
  }
  data stages{data::type::list};
  nlohmann::json stages_json = nlohmann::json::array();
  for (const StageRecord& stage : input.stages) {
    data row;
    row.set("stage", stage.stage);
    row.set("signer", stage.signer);
    row.set("date", stage.date);
    row.set("opinion", stage.opinion);
    stages.push_back(row);
    stages_json.push_back({{"stage", stage.stage},
                           {"signer", stage.signer},
                           {"date", stage.date},
                           {"opinion", stage.opinion}});
  }
  data page;
  page.set("title", input.title);
  page.set("unit_display_name", input.unit_display_name);
  page.set("index_number", input.index_number);
  page.set("publish_date", input.publish_date);
  page.set("report_version", input.report_version);
  page.set("digest", input.digest);
  page.set("parts", parts);
  page.set("stages", stages);
  page.set("secrecy_review", SecrecyReviewLine(input.stages));
  page.set("head_sign", HeadSignLine(input.stages));
  page.set("tables", tables);
  if (input.with_pdf) page.set("pdf", std::string(kPdfPath));
  if (!input.corrects_url.empty()) {
    data corrects;
    corrects.set("corrects_url", input.corrects_url);
    corrects.set("corrects_date", input.corrects_date);
    page.set("corrects", corrects);
  }
  files.insert(files.begin(),
               {"index.html", "text/html; charset=utf-8", Render("page.mustache", page)});
  const nlohmann::json data_json = {
      {"title", input.title},
      {"unit", {{"id", input.unit}, {"name", input.unit_display_name}}},
      {"fiscal_year", input.fiscal_year},
      {"index_number", input.index_number},
      {"publish_date", input.publish_date},
      {"report_version", input.report_version},
      {"digest", input.digest},
      {"certificate", input.certificate},
      {"review_record",
       {{"confidentiality_review", "已审查"},
        {"principal_sign_off", "已审签"},
        {"stages", stages_json}}},
      {"sections", sections_json}};
  files.insert(files.begin() + 1,
               {"data.json", "application/json; charset=utf-8",
                data_json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"});
  if (input.with_pdf) {
    ASSIGN_OR_RETURN(std::string pdf, RenderPdf(input));
    files.push_back({std::string(kPdfPath), "application/pdf", std::move(pdf)});
  }
  return files;
}

std::string RenderNotice(const NoticeInput& input) {
  data notice;
  notice.set("title", input.title);
  notice.set("heading", std::string(input.withdrawn ? "已撤回" : "已更正"));
  notice.set("unit_display_name", input.unit_display_name);
  notice.set("index_number", input.index_number);
  notice.set("publish_date", input.publish_date);
  data details;
  details.set("date", input.date);
  details.set("reason", input.reason);
  details.set("replacement_url", input.replacement_url);
  notice.set(input.withdrawn ? "withdrawn" : "corrected", details);
  return Render("notice.mustache", notice);
}

std::string RenderIndex(absl::string_view unit_display_name, int fiscal_year,
                        const std::vector<IndexEntry>& newest_first) {
  data publications{data::type::list};
  for (const IndexEntry& entry : newest_first) {
    data row;
    row.set("title", entry.title);
    row.set("href", entry.href);
    row.set("index_number", entry.index_number);
    row.set("publish_date", entry.publish_date);
    row.set("state", entry.state);
    publications.push_back(row);
  }
  data index;
  index.set("unit_display_name", std::string(unit_display_name));
  index.set("fiscal_year", absl::StrCat(fiscal_year));
  index.set("publications", publications);
  return Render("index.mustache", index);
}

}  // namespace reportflow::publication
