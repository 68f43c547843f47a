// The shipped Sichuan template, loaded once, for the domain's tests.
#ifndef REPORTFLOW_SERVICES_DRAFTING_DOMAIN_TEMPLATE_FOR_TEST_H_
#define REPORTFLOW_SERVICES_DRAFTING_DOMAIN_TEMPLATE_FOR_TEST_H_

#include "gtest/gtest.h"
#include "services/drafting/domain/templates.h"

namespace reportflow::drafting {

inline const v1::Template& Sichuan() {
  static const v1::Template* const kTemplate = [] {
    auto templates = ShippedTemplates();
    EXPECT_TRUE(templates.ok());
    return new v1::Template(templates->at("templates/sichuan-final-accounts-2024"));
  }();
  return *kTemplate;
}

}  // namespace reportflow::drafting

#endif  // REPORTFLOW_SERVICES_DRAFTING_DOMAIN_TEMPLATE_FOR_TEST_H_
