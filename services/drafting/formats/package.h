// An Office Open XML package (.docx, .xlsx) read from memory, defensively.
//
// A package is a zip archive of XML parts. What a drafter uploads is
// untrusted, so the reader refuses before it inflates anything dangerous:
//   - a file that is not a zip: an OLE compound file says whether it is a
//     password-protected Office file (its "EncryptedPackage" stream) or a
//     legacy .doc/.xls, each with its own message;
//   - more than kMaxEntries entries, an encrypted entry;
//   - a part larger than kMaxPartBytes inflated, or a whole package beyond
//     kMaxInflatedBytes: the limits are enforced while inflating (a zip
//     bomb's declared sizes lie), so memory never exceeds them;
//   - a part whose inflated size is more than kMaxRatio times its
//     compressed size (a bomb built from repeated bytes).
// Every error is INVALID_ARGUMENT, in Chinese, naming the field given.
//
// Parts are parsed by ParseXml: libxml2 without network access, entity
// substitution or DTD loading, and a document with a DOCTYPE (never in
// OOXML; the way to an entity bomb) is refused.
#ifndef REPORTFLOW_SERVICES_DRAFTING_FORMATS_PACKAGE_H_
#define REPORTFLOW_SERVICES_DRAFTING_FORMATS_PACKAGE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct _xmlDoc xmlDoc;
typedef struct _xmlNode xmlNode;

namespace reportflow::drafting::formats {

inline constexpr int kMaxEntries = 10000;
inline constexpr int64_t kMaxPartBytes = 64 << 20;
inline constexpr int64_t kMaxInflatedBytes = 128 << 20;
inline constexpr int64_t kMaxRatio = 200;

// What a byte string looks like from its first bytes.
enum class FileKind { kZip, kEncryptedOffice, kLegacyOffice, kOther };
FileKind SniffFile(absl::string_view bytes);

// A parsed XML part; frees the document when it goes.
struct XmlDocument {
  XmlDocument() = default;
  XmlDocument(XmlDocument&& other) noexcept : doc(other.doc) { other.doc = nullptr; }
  XmlDocument& operator=(XmlDocument&&) = delete;
  ~XmlDocument();
  xmlNode* root() const;
  xmlDoc* doc = nullptr;
};

class Package {
 public:
  // Reads the archive's directory and checks its entries (count,
  // encryption). `field` names the request field in errors.
  static absl::StatusOr<Package> Open(absl::string_view bytes, absl::string_view field);

  bool Has(absl::string_view part) const;
  // Inflates one part within the limits above. NOT_FOUND when absent.
  absl::StatusOr<std::string> Read(absl::string_view part);
  // Read, then ParseXml.
  absl::StatusOr<XmlDocument> ReadXml(absl::string_view part);
  // A relationships part (word/_rels/document.xml.rels …): relationship id →
  // its Target as written. Empty when the package has no such part.
  absl::StatusOr<std::map<std::string, std::string>> ReadRelationships(absl::string_view part);

  Package(Package&&) = default;
  Package& operator=(Package&&) = default;
  ~Package();

 private:
  Package() = default;
  struct Archive;
  std::unique_ptr<Archive> archive_;
  std::map<std::string, int64_t, std::less<>> index_;  // part name → entry index
  std::string field_;
  int64_t inflated_ = 0;
};

absl::StatusOr<XmlDocument> ParseXml(absl::string_view xml, absl::string_view part,
                                     absl::string_view field);

// Helpers over libxml2 nodes, by local name (OOXML's prefixes vary between
// Word, WPS and LibreOffice; the local names do not).
bool IsElement(const xmlNode* node, absl::string_view local_name);
// The first child element with the local name, or nullptr.
xmlNode* Child(const xmlNode* node, absl::string_view local_name);
// The attribute by local name ("val" finds w:val), or nullopt.
std::optional<std::string> Attribute(const xmlNode* node, absl::string_view local_name);
// Every text node under `node`, concatenated.
std::string TextOf(const xmlNode* node);

}  // namespace reportflow::drafting::formats

#endif  // REPORTFLOW_SERVICES_DRAFTING_FORMATS_PACKAGE_H_
