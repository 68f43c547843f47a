#include "services/drafting/formats/docx.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libxml/tree.h"
#include "services/drafting/formats/package.h"
#include "services/drafting/formats/table_grid.h"

namespace reportflow::drafting::formats {
namespace {

// Heading levels by style id, from word/styles.xml.
class Styles {
 public:
  void Load(xmlNode* root) {
    for (xmlNode* style = root->children; style != nullptr; style = style->next) {
      if (!IsElement(style, "style")) continue;
      const std::string id = Attribute(style, "styleId").value_or("");
      Entry entry;
      if (xmlNode* based = Child(style, "basedOn"))
        entry.based_on = Attribute(based, "val").value_or("");
      if (xmlNode* outline = Child(Child(style, "pPr"), "outlineLvl")) {
        entry.level = LevelOf(Attribute(outline, "val"));
      }
      if (xmlNode* name = Child(style, "name"); name != nullptr && entry.level == 0) {
        entry.level = LevelFromName(Attribute(name, "val").value_or(""));
      }
      entries_[id] = entry;
    }
  }

  int Level(const std::string& id) const {
    std::string current = id;
    for (int depth = 0; depth < 10 && !current.empty(); ++depth) {
      auto found = entries_.find(current);
      if (found == entries_.end()) return 0;
      if (found->second.level > 0) return found->second.level;
      current = found->second.based_on;
    }
    return 0;
  }

  // w:outlineLvl's val is 0-based; 9 means body text.
  static int LevelOf(const std::optional<std::string>& val) {
    int level = 0;
    if (!val.has_value() || !absl::SimpleAtoi(*val, &level) || level < 0 || level > 8) return 0;
    return level + 1;
  }

 private:
  struct Entry {
    int level = 0;
    std::string based_on;
  };
  // "heading 2" (Word, LibreOffice), "标题 2" (WPS, Chinese Word).
  static int LevelFromName(const std::string& name) {
    const std::string lower = absl::AsciiStrToLower(name);
    for (absl::string_view prefix : {"heading", "标题"}) {
      if (absl::StartsWith(lower, prefix)) {
        absl::string_view rest =
            absl::StripAsciiWhitespace(absl::string_view(lower).substr(prefix.size()));
        int level = 0;
        if (absl::SimpleAtoi(rest, &level) && level >= 1 && level <= 9) return level;
      }
    }
    return 0;
  }
  std::map<std::string, Entry> entries_;
};

class Reader {
 public:
  Reader(Package& package, std::string field) : package_(package), field_(std::move(field)) {}

  absl::Status LoadSideParts() {
    if (package_.Has("word/styles.xml")) {
      absl::StatusOr<XmlDocument> parsed = package_.ReadXml("word/styles.xml");
      if (!parsed.ok()) return parsed.status();
      styles_.Load(parsed->root());
    }
    absl::StatusOr<std::map<std::string, std::string>> targets =
        package_.ReadRelationships("word/_rels/document.xml.rels");
    if (!targets.ok()) return targets.status();
    targets_ = std::move(*targets);
    for (const auto& [part, prefix] :
         {std::pair<std::string, std::string>{"word/footnotes.xml", "脚注"},
          {"word/endnotes.xml", "尾注"}}) {
      if (!package_.Has(part)) continue;
      absl::StatusOr<XmlDocument> parsed = package_.ReadXml(part);
      if (!parsed.ok()) return parsed.status();
      for (xmlNode* note = parsed->root()->children; note != nullptr; note = note->next) {
        if (!IsElement(note, "footnote") && !IsElement(note, "endnote")) continue;
        // Separator notes (w:type="separator", "continuationSeparator") hold no text.
        if (Attribute(note, "type").has_value()) continue;
        std::string text;
        for (xmlNode* p = note->children; p != nullptr; p = p->next) {
          if (IsElement(p, "p")) text += ParagraphText(p, nullptr);
        }
        notes_[absl::StrCat(prefix, Attribute(note, "id").value_or(""))] =
            std::string(absl::StripAsciiWhitespace(text));
      }
    }
    return absl::OkStatus();
  }

  void Body(xmlNode* container) {
    for (xmlNode* node = container->children; node != nullptr; node = node->next) {
      if (IsElement(node, "p")) {
        Paragraph(node);
      } else if (IsElement(node, "tbl")) {
        Table(node);
      } else if (IsElement(node, "sdt")) {
        if (xmlNode* content = Child(node, "sdtContent")) Body(content);
      } else if (IsElement(node, "customXml") || IsElement(node, "ins")) {
        Body(node);
      }
    }
  }

  ReadDocument Take() { return std::move(out_); }

 private:
  struct Pending {
    std::vector<std::string> notes;  // footnote texts referred to
    std::vector<xmlNode*> text_boxes;
  };

  void Paragraph(xmlNode* p) {
    ++paragraphs_;
    const std::string location = absl::StrCat("第 ", paragraphs_, " 段");
    Pending pending;
    std::string text = ParagraphText(p, &pending, location);
    int level = 0;
    if (xmlNode* properties = Child(p, "pPr")) {
      if (xmlNode* style = Child(properties, "pStyle")) {
        level = styles_.Level(Attribute(style, "val").value_or(""));
      }
      if (xmlNode* outline = Child(properties, "outlineLvl")) {
        level = Styles::LevelOf(Attribute(outline, "val"));
      }
    }
    if (!absl::StripAsciiWhitespace(text).empty()) {
      DocumentBlock block;
      block.text = std::move(text);
      block.heading_level = level;
      block.location = location;
      out_.blocks.push_back(std::move(block));
    }
    for (size_t i = 0; i < pending.notes.size(); ++i) {
      DocumentBlock note;
      note.text = pending.notes[i];
      note.location = location;
      out_.blocks.push_back(std::move(note));
    }
    for (xmlNode* box : pending.text_boxes) Body(box);
  }

  // The paragraph's text; images, charts, objects, notes and text boxes
  // met on the way are recorded (when `pending` is given).
  std::string ParagraphText(xmlNode* node, Pending* pending, const std::string& location = "") {
    std::string text;
    Walk(node, &text, pending, location);
    return text;
  }

  void Walk(xmlNode* node, std::string* text, Pending* pending, const std::string& location) {
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
      if (child->type != XML_ELEMENT_NODE) continue;
      const absl::string_view name = reinterpret_cast<const char*>(child->name);
      if (name == "t") {
        *text += TextOf(child);
      } else if (name == "tab") {
        *text += " ";
      } else if (name == "br" || name == "cr") {
        if (Attribute(child, "type").value_or("textWrapping") == "textWrapping") *text += "\n";
      } else if (name == "del" || name == "delText" || name == "instrText" || name == "pPr" ||
                 name == "rPr" || name == "Fallback") {
        // Deleted text, field codes, properties; the fallback of an
        // mc:AlternateContent repeats its choice.
      } else if (name == "footnoteReference" || name == "endnoteReference") {
        const std::string key = absl::StrCat(name == "footnoteReference" ? "脚注" : "尾注",
                                             Attribute(child, "id").value_or(""));
        auto found = notes_.find(key);
        if (pending != nullptr && found != notes_.end() && !found->second.empty()) {
          const int number = ++notes_seen_;
          *text += absl::StrCat("[注", number, "]");
          pending->notes.push_back(absl::StrCat("注", number, "：", found->second));
        }
      } else if (name == "txbxContent") {
        if (pending != nullptr) pending->text_boxes.push_back(child);
      } else if (name == "chart") {
        if (pending != nullptr) out_.not_imported.push_back({"图表", location});
      } else if (name == "blip" || name == "imagedata") {
        if (pending != nullptr) {
          const std::string id =
              Attribute(child, "embed").value_or(Attribute(child, "id").value_or(""));
          auto target = targets_.find(id);
          out_.not_imported.push_back(
              {target != targets_.end() ? absl::StrCat("图片 ", target->second) : "图片",
               location});
        }
      } else if (name == "object" || name == "OLEObject") {
        if (pending != nullptr) out_.not_imported.push_back({"嵌入对象", location});
        // An object's preview image is part of it, not a picture of its own.
      } else {  // runs, hyperlinks, fields; a table nested in a text box or cell
        Walk(child, text, pending, location);
        if (name == "p" && !text->empty() && text->back() != '\n') *text += "\n";
      }
    }
  }

  void Table(xmlNode* tbl) {
    ++tables_;
    const std::string location = absl::StrCat("第 ", tables_, " 个表格");
    Grid grid;
    // The vertical merge of each grid column still open, by column.
    for (xmlNode* tr = tbl->children; tr != nullptr; tr = tr->next) {
      if (!IsElement(tr, "tr")) continue;
      std::vector<GridCell> row;
      if (xmlNode* properties = Child(tr, "trPr")) {
        int before = 0;
        if (xmlNode* gb = Child(properties, "gridBefore");
            gb != nullptr && absl::SimpleAtoi(Attribute(gb, "val").value_or("0"), &before)) {
          row.resize(std::min(before, 64));
        }
      }
      for (xmlNode* tc = tr->children; tc != nullptr; tc = tc->next) {
        if (IsElement(tc, "sdt")) tc = Child(Child(tc, "sdtContent"), "tc");
        if (!IsElement(tc, "tc")) continue;
        int span = 1;
        bool continues = false;
        if (xmlNode* properties = Child(tc, "tcPr")) {
          if (xmlNode* gs = Child(properties, "gridSpan")) {
            if (!absl::SimpleAtoi(Attribute(gs, "val").value_or("1"), &span)) span = 1;
            span = std::clamp(span, 1, 64);
          }
          if (xmlNode* vm = Child(properties, "vMerge")) {
            continues = Attribute(vm, "val").value_or("continue") == "continue";
          }
        }
        Pending pending;
        std::string text;
        for (xmlNode* p = tc->children; p != nullptr; p = p->next) {
          if (IsElement(p, "p") || IsElement(p, "tbl") || IsElement(p, "sdt")) {
            Walk(p, &text, &pending, location);
          }
        }
        for (const std::string& note : pending.notes) text += note;
        for (xmlNode* box : pending.text_boxes) Walk(box, &text, nullptr, location);
        // A cell's paragraphs run together: a wrapped header is one name.
        std::string joined;
        for (char c : text) {
          if (c != '\n') joined.push_back(c);
        }
        GridCell first;
        first.text = std::move(joined);
        first.merged_from_above = continues;
        row.push_back(std::move(first));
        for (int i = 1; i < span; ++i) {
          GridCell covered;
          covered.merged_from_left = true;
          covered.merged_from_above = continues;
          row.push_back(std::move(covered));
        }
      }
      grid.rows.push_back(std::move(row));
      if (grid.rows.size() > 100000) break;
    }
    size_t columns = 0;
    for (const auto& row : grid.rows) columns = std::max(columns, row.size());
    for (auto& row : grid.rows) row.resize(columns);
    DocumentBlock block;
    block.kind = DocumentBlock::Kind::kTable;
    block.table = ToCsvRows(grid);
    block.location = location;
    if (!block.table.empty()) out_.blocks.push_back(std::move(block));
  }

  Package& package_;
  std::string field_;
  Styles styles_;
  std::map<std::string, std::string> targets_;  // relationship id → target
  std::map<std::string, std::string> notes_;    // "脚注2" → text
  int notes_seen_ = 0;
  int paragraphs_ = 0;
  int tables_ = 0;
  ReadDocument out_;
};

}  // namespace

absl::StatusOr<ReadDocument> ReadDocx(absl::string_view bytes, absl::string_view field) {
  absl::StatusOr<Package> package = Package::Open(bytes, field);
  if (!package.ok()) return package.status();
  if (!package->Has("word/document.xml")) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, package->Has("xl/workbook.xml")
                   ? ": 这是 Excel 工作簿（.xlsx），请作为表格导入 (not a Word document)"
                   : ": 不是 Word 文档（缺少 word/document.xml） (not a Word document)"));
  }
  Reader reader(*package, std::string(field));
  if (absl::Status side = reader.LoadSideParts(); !side.ok()) return side;
  absl::StatusOr<std::string> xml = package->Read("word/document.xml");
  if (!xml.ok()) return xml.status();
  absl::StatusOr<XmlDocument> document = ParseXml(*xml, "word/document.xml", field);
  if (!document.ok()) return document.status();
  xmlNode* body = Child(document->root(), "body");
  if (body == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 文件已损坏，word/document.xml 没有正文 (no w:body)"));
  }
  reader.Body(body);
  return reader.Take();
}

}  // namespace reportflow::drafting::formats
