// Checking rendered charts the way a browser would first: as XML.
#ifndef REPORTFLOW_TESTS_SUPPORT_SVG_H_
#define REPORTFLOW_TESTS_SUPPORT_SVG_H_

#include <string>

namespace reportflow::testing {

// Whether `xml` is a well-formed XML document (libxml2, no network) whose
// root element is <svg>.
bool IsSvgDocument(const std::string& xml);

}  // namespace reportflow::testing

#endif  // REPORTFLOW_TESTS_SUPPORT_SVG_H_
