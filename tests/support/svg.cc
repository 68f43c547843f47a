#include "tests/support/svg.h"

#include <libxml/parser.h>

namespace reportflow::testing {

bool IsSvgDocument(const std::string& xml) {
  xmlDocPtr document = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "chart.svg", "UTF-8",
                                     XML_PARSE_NONET | XML_PARSE_NOERROR);
  if (document == nullptr) return false;
  const xmlNode* root = xmlDocGetRootElement(document);
  const bool svg =
      root != nullptr && std::string(reinterpret_cast<const char*>(root->name)) == "svg";
  xmlFreeDoc(document);
  return svg;
}

}  // namespace reportflow::testing
