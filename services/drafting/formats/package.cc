#include "services/drafting/formats/package.h"

#include <zip.h>

#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libxml/parser.h"
#include "libxml/tree.h"

namespace reportflow::drafting::formats {

struct Package::Archive {
  std::string bytes;  // libzip reads from this buffer; it lives as long as the archive
  zip_t* zip = nullptr;
  ~Archive() {
    if (zip != nullptr) zip_discard(zip);
  }
};

Package::~Package() = default;

FileKind SniffFile(absl::string_view bytes) {
  if (absl::StartsWith(bytes, absl::string_view("PK\x03\x04", 4)) ||
      absl::StartsWith(bytes, absl::string_view("PK\x05\x06", 4))) {
    return FileKind::kZip;
  }
  static constexpr char kCompoundFile[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  if (absl::StartsWith(bytes, absl::string_view(kCompoundFile, 8))) {
    // The directory names its streams in UTF-16LE; an encrypted OOXML file
    // (ECMA-376 agile or standard encryption) holds "EncryptedPackage".
    static const std::string kEncrypted = [] {
      std::string name;
      for (char c : std::string("EncryptedPackage")) {
        name.push_back(c);
        name.push_back('\0');
      }
      return name;
    }();
    return absl::StrContains(bytes, kEncrypted) ? FileKind::kEncryptedOffice
                                                : FileKind::kLegacyOffice;
  }
  return FileKind::kOther;
}

absl::StatusOr<Package> Package::Open(absl::string_view bytes, absl::string_view field) {
  switch (SniffFile(bytes)) {
    case FileKind::kZip:
      break;
    case FileKind::kEncryptedOffice:
      return absl::InvalidArgumentError(
          absl::StrCat(field,
                       ": 文件受密码保护，无法读取；请在 WPS 或 Word 中取消密码后另存再导入 "
                       "(password-protected file)"));
    case FileKind::kLegacyOffice:
      return absl::InvalidArgumentError(
          absl::StrCat(field,
                       ": 这是旧版 Office 格式（.doc 或 .xls），请在 WPS 或 Word/Excel 中另存为 "
                       ".docx 或 .xlsx 后再导入 (legacy binary format)"));
    case FileKind::kOther:
      return absl::InvalidArgumentError(
          absl::StrCat(field,
                       ": 不是 .docx 或 .xlsx 文件（文件头不是 zip 格式），文件可能已损坏 "
                       "(not an Office Open XML package)"));
  }
  Package package;
  package.field_ = std::string(field);
  package.archive_ = std::make_unique<Archive>();
  package.archive_->bytes = std::string(bytes);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(package.archive_->bytes.data(),
                                                  package.archive_->bytes.size(), 0, &error);
  if (source != nullptr) {
    package.archive_->zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (package.archive_->zip == nullptr) zip_source_free(source);
  }
  if (package.archive_->zip == nullptr) {
    const std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return absl::InvalidArgumentError(absl::StrCat(field, ": 文件已损坏，无法作为 zip 压缩包打开（",
                                                   reason, "） (corrupt package)"));
  }
  zip_error_fini(&error);
  const zip_int64_t entries = zip_get_num_entries(package.archive_->zip, 0);
  if (entries > kMaxEntries) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": 压缩包有 ", entries, " 个条目，超过 ",
                                                   kMaxEntries, " 个的上限 (too many entries)"));
  }
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(package.archive_->zip, i, 0, &stat) != 0 || stat.name == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": 文件已损坏，第 ", i + 1, " 个条目无法读取 (corrupt entry)"));
    }
    if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": 文件受密码保护（条目 ", stat.name,
                                                     " 已加密）；请取消密码后另存再导入 "
                                                     "(encrypted entry)"));
    }
    package.index_.emplace(stat.name, i);
  }
  return package;
}

bool Package::Has(absl::string_view part) const { return index_.find(part) != index_.end(); }

absl::StatusOr<std::string> Package::Read(absl::string_view part) {
  auto found = index_.find(part);
  if (found == index_.end()) {
    return absl::NotFoundError(absl::StrCat(field_, ": 缺少 ", part));
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  zip_stat_index(archive_->zip, found->second, 0, &stat);
  zip_file_t* file = zip_fopen_index(archive_->zip, found->second, 0);
  if (file == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(field_, ": 文件已损坏，", part, " 无法解压 (corrupt entry)"));
  }
  std::string out;
  char buffer[64 << 10];
  absl::Status status;
  while (true) {
    const zip_int64_t n = zip_fread(file, buffer, sizeof(buffer));
    if (n < 0) {
      status = absl::InvalidArgumentError(
          absl::StrCat(field_, ": 文件已损坏，", part, " 解压失败（",
                       zip_error_strerror(zip_file_get_error(file)), "） (corrupt entry)"));
      break;
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
    // Measured while inflating: the sizes a zip declares may lie.
    const int64_t compressed =
        (stat.valid & ZIP_STAT_COMP_SIZE) ? static_cast<int64_t>(stat.comp_size) : 0;
    if (static_cast<int64_t>(out.size()) > kMaxPartBytes ||
        inflated_ + static_cast<int64_t>(out.size()) > kMaxInflatedBytes ||
        (out.size() > (1 << 20) &&
         static_cast<int64_t>(out.size()) > kMaxRatio * (compressed + 1))) {
      status = absl::InvalidArgumentError(
          absl::StrCat(field_, ": ", part, " 解压后超过上限（单个部件 ", kMaxPartBytes >> 20,
                       " MiB、共 ", kMaxInflatedBytes >> 20, " MiB、压缩比 ", kMaxRatio,
                       "），疑似压缩炸弹，已拒绝 (inflated size limit)"));
      break;
    }
  }
  zip_fclose(file);
  if (!status.ok()) return status;
  inflated_ += static_cast<int64_t>(out.size());
  return out;
}

absl::StatusOr<XmlDocument> Package::ReadXml(absl::string_view part) {
  absl::StatusOr<std::string> xml = Read(part);
  if (!xml.ok()) return xml.status();
  return ParseXml(*xml, part, field_);
}

absl::StatusOr<std::map<std::string, std::string>> Package::ReadRelationships(
    absl::string_view part) {
  std::map<std::string, std::string> targets;
  if (!Has(part)) return targets;
  absl::StatusOr<XmlDocument> rels = ReadXml(part);
  if (!rels.ok()) return rels.status();
  for (xmlNode* rel = rels->root()->children; rel != nullptr; rel = rel->next) {
    if (IsElement(rel, "Relationship")) {
      targets[Attribute(rel, "Id").value_or("")] = Attribute(rel, "Target").value_or("");
    }
  }
  return targets;
}

XmlDocument::~XmlDocument() {
  if (doc != nullptr) xmlFreeDoc(doc);
}

xmlNode* XmlDocument::root() const { return xmlDocGetRootElement(doc); }

absl::StatusOr<XmlDocument> ParseXml(absl::string_view xml, absl::string_view part,
                                     absl::string_view field) {
  if (xml.size() > static_cast<size_t>(kMaxPartBytes)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", part, " 过大 (part too large)"));
  }
  XmlDocument parsed;
  // No network, no entity substitution, no DTD loading; errors stay quiet
  // (they are reported below, not printed).
  parsed.doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (parsed.doc == nullptr || parsed.root() == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 文件已损坏，", part, " 不是格式正确的 XML (malformed XML)"));
  }
  if (parsed.doc->intSubset != nullptr || parsed.doc->extSubset != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": ", part, " 含有 DOCTYPE 声明，Office 文件不应有，已拒绝 (DOCTYPE refused)"));
  }
  return parsed;
}

bool IsElement(const xmlNode* node, absl::string_view local_name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         local_name == reinterpret_cast<const char*>(node->name);
}

xmlNode* Child(const xmlNode* node, absl::string_view local_name) {
  if (node == nullptr) return nullptr;
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (IsElement(child, local_name)) return child;
  }
  return nullptr;
}

std::optional<std::string> Attribute(const xmlNode* node, absl::string_view local_name) {
  if (node == nullptr) return std::nullopt;
  for (xmlAttr* attribute = node->properties; attribute != nullptr; attribute = attribute->next) {
    if (local_name == reinterpret_cast<const char*>(attribute->name)) {
      xmlChar* value = xmlNodeListGetString(node->doc, attribute->children, 1);
      std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
      xmlFree(value);
      return out;
    }
  }
  return std::nullopt;
}

std::string TextOf(const xmlNode* node) {
  xmlChar* content = xmlNodeGetContent(node);
  std::string out = content != nullptr ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  return out;
}

}  // namespace reportflow::drafting::formats
