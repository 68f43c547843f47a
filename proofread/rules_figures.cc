// Figures agree (勾稽): sums, shares, year-on-year changes, completion rates
// and the same quantity stated twice.
#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "proofread/context.h"
#include "proofread/numbers.h"
#include "re2/re2.h"

namespace reportflow::proofread {
namespace {

using Node = OutlineNode;

// The last sentence end (。) at or before `position`, or 0.
size_t SentenceStart(const std::string& text, size_t position) {
  const size_t found = text.rfind("。", position);
  return found == std::string::npos ? 0 : found + std::string("。").size();
}

size_t SentenceEnd(const std::string& text, size_t position) {
  const size_t found = text.find("。", position);
  return found == std::string::npos ? text.size() : found;
}

// The amount a node states for itself: its first money amount, or a bare
// decimal after 为 ("决算数为 1080.02，") read in the unit of its children.
std::optional<Amount> NodeAmount(const Node& node) {
  static const RE2* const kBare = new RE2("为\\s*(\\d+\\.\\d+)\\s*[，,。；]");
  const std::vector<FoundAmount> amounts = FindAmounts(node.text);
  for (const FoundAmount& amount : amounts) {
    if (amount.IsMoney() && !amount.is_change) {
      return amount;
    }
  }
  re2::StringPiece input(node.text);
  re2::StringPiece number;
  if (RE2::PartialMatch(input, *kBare, &number)) {
    Amount amount;
    amount.value = Number(number, &amount.decimals);
    amount.unit = "万元";
    amount.begin = Offset(number, node.text);
    amount.end = amount.begin + number.size();
    return amount;
  }
  return std::nullopt;
}

// The completion rate a node states (完成预算 x%), or -1 for 无预算, or nullopt.
std::optional<Percent> NodeCompletion(const Node& node, bool* no_budget) {
  static const RE2* const kRate = new RE2("完成(?:年初)?预算\\s*(\\d+(?:\\.\\d+)?)\\s*[%％]");
  static const RE2* const kNoBudget = new RE2("无预算|未安排预算");
  *no_budget = false;
  re2::StringPiece input(node.text);
  re2::StringPiece number;
  if (RE2::PartialMatch(input, *kRate, &number)) {
    Percent percent;
    percent.value = Number(number, &percent.decimals);
    percent.begin = Offset(number, node.text);
    percent.end = percent.begin + number.size() + 1;
    return percent;
  }
  *no_budget = RE2::PartialMatch(input, *kNoBudget);
  return std::nullopt;
}

std::string Join(const std::vector<Amount>& items) {
  std::vector<std::string> texts;
  for (const Amount& item : items) {
    texts.push_back(item.Text());
  }
  return absl::StrJoin(texts, "+");
}

// A total and the items that should add up to it.
void CheckSum(Context& context, int node, const Amount& total, const std::vector<Amount>& items,
              absl::string_view what) {
  double sum = 0;
  double tolerance = total.HalfUnit();
  for (const Amount& item : items) {
    sum += item.value;
    tolerance += item.HalfUnit();
  }
  if (std::fabs(sum - total.value) <= tolerance + 1e-9) {
    return;
  }
  const int decimals = std::max(total.decimals, 2);
  context.Add(
      "figures.sum", Severity::kError, node, total.begin, total.end,
      absl::StrCat(what, "为 ", total.Text(), total.unit, "，但所列 ", items.size(), " 项之和为 ",
                   Format(sum, decimals), total.unit, "（", Join(items), "），相差 ",
                   Format(std::fabs(sum - total.value), decimals), total.unit, "。"),
      "核对合计数与各分项，或检查是否漏列、重复列示了分项。");
}

// 其中：/主要用于以下方面： lists inside one sentence.
void CheckInlineSums(Context& context, int index) {
  static const RE2* const kTrigger = new RE2("(其中|主要用于以下方面|具体如下)\\s*[：:]");
  const Node& node = context.document().nodes()[index];
  const std::vector<FoundAmount> amounts = FindAmounts(node.text);
  re2::StringPiece input(node.text);
  re2::StringPiece trigger;
  while (RE2::FindAndConsume(&input, *kTrigger, &trigger)) {
    const size_t trigger_begin = Offset(trigger, node.text);
    const size_t list_begin = static_cast<size_t>(input.data() - node.text.data());
    const size_t list_end = SentenceEnd(node.text, list_begin);
    const size_t sentence_begin = SentenceStart(node.text, trigger_begin);
    const FoundAmount* total = nullptr;
    for (const FoundAmount& amount : amounts) {
      if (amount.begin >= sentence_begin && amount.end <= trigger_begin && !amount.is_change) {
        total = &amount;
      }
    }
    if (total == nullptr) {
      continue;
    }
    std::vector<Amount> items;
    for (const FoundAmount& amount : amounts) {
      if (amount.begin >= list_begin && amount.end <= list_end && !amount.is_change &&
          amount.unit == total->unit) {
        items.push_back(amount);
      }
    }
    if (items.size() >= 2) {
      CheckSum(context, index, *total, items, "合计");
    }
  }
}

// Whether `parent`'s children are meant to add up to it: a 类/款/项 hierarchy,
// or a parent whose text ends by announcing them (其中：).
bool ChildrenAddUp(const Node& parent, const std::vector<const Node*>& children) {
  static const RE2* const kEndsWithList = new RE2("其中\\s*[：:]\\s*$");
  if (RE2::PartialMatch(parent.text, *kEndsWithList)) {
    return true;
  }
  const bool parent_is_class = parent.text.find("（类）") != std::string::npos ||
                               parent.text.find("（款）") != std::string::npos;
  for (const Node* child : children) {
    if (child->text.find("（款）") == std::string::npos &&
        child->text.find("（项）") == std::string::npos) {
      return false;
    }
  }
  return parent_is_class;
}

void CheckOutline(Context& context, int index) {
  const auto& nodes = context.document().nodes();
  const Node& parent = nodes[index];
  if (parent.children.size() < 2) {
    return;
  }
  std::vector<const Node*> children;
  std::vector<Amount> amounts;
  for (int child : parent.children) {
    children.push_back(&nodes[child]);
    std::optional<Amount> amount = NodeAmount(nodes[child]);
    if (!amount.has_value()) {
      return;
    }
    amounts.push_back(*amount);
  }
  std::optional<Amount> total = NodeAmount(parent);
  if (!total.has_value() || !ChildrenAddUp(parent, children)) {
    return;
  }
  CheckSum(context, index, *total, amounts, "决算数");

  // Completion rates: the parent's must follow from its parts'.
  bool parent_no_budget = false;
  std::optional<Percent> stated = NodeCompletion(parent, &parent_no_budget);
  if (!stated.has_value()) {
    return;
  }
  double spent = 0;
  double budget_low = 0;
  double budget_high = 0;
  for (size_t i = 0; i < children.size(); ++i) {
    bool no_budget = false;
    std::optional<Percent> rate = NodeCompletion(*children[i], &no_budget);
    spent += amounts[i].value;
    if (no_budget) {
      continue;
    }
    if (!rate.has_value() || rate->value <= 0) {
      return;
    }
    const double unit = std::pow(10.0, -rate->decimals);
    budget_low += amounts[i].value / ((rate->value + unit) / 100);
    budget_high += amounts[i].value / (std::max(rate->value - unit / 2, unit / 2) / 100);
  }
  if (budget_high <= 0) {
    return;
  }
  const double low = spent / budget_high * 100;
  const double high = spent / budget_low * 100;
  if (Agrees(stated->value, stated->decimals, low, high)) {
    return;
  }
  context.Add(
      "figures.completion", Severity::kError, index, stated->begin, stated->end,
      absl::StrCat("完成预算 ", stated->Text(), "，但按所列各项决算数与完成率推算，合计完成率约为 ",
                   Format((low + high) / 2), "%（决算合计 ", Format(spent), "，推算预算约 ",
                   Format((budget_low + budget_high) / 2), "）。"),
      "核对合计完成率与各分项完成率、无预算项目的口径。");
}

// Named totals (…合计/总计/总额 and a few standing quantities) and where they
// are stated.
struct Named {
  double value;
  Amount amount;
  int node;
};

const RE2& NamedQuantityPattern() {
  static const RE2* const kNamed = new RE2(
      "(一般公共预算财政拨款基本支出|一般公共预算财政拨款项目支出|一般公共预算财政拨款支出|"
      "“三公”经费财政拨款支出|公务用车购置及运行维护费支出|公务用车运行维护费支出|"
      "公务接待费支出|机关运行经费支出|机关运行经费|政府采购支出总额|"
      "本年收入合计|本年支出合计|基本支出|项目支出|人员经费|公用经费|"
      "[\\p{Han}“”、]{2,16}?(?:合计|总计|总额))"
      "\\s*(?:决算)?(?:数)?(?:均为|为|是)?\\s*(\\d+(?:\\.\\d+)?)\\s*(万元|亿元|元)");
  return *kNamed;
}

absl::flat_hash_map<std::string, std::vector<Named>> CollectNamed(Context& context) {
  absl::flat_hash_map<std::string, std::vector<Named>> named;
  const auto& nodes = context.document().nodes();
  for (int index = 0; index < static_cast<int>(nodes.size()); ++index) {
    const std::string& text = nodes[index].text;
    re2::StringPiece input(text);
    re2::StringPiece label;
    re2::StringPiece number;
    re2::StringPiece unit;
    while (RE2::FindAndConsume(&input, NamedQuantityPattern(), &label, &number, &unit)) {
      Named entry;
      entry.amount.value = Number(number, &entry.amount.decimals);
      entry.amount.unit = unit.as_string();
      entry.amount.begin = Offset(number, text);
      entry.amount.end = Offset(unit, text) + unit.size();
      entry.value = entry.amount.value;
      entry.node = index;
      named[label.as_string()].push_back(entry);
    }
  }
  return named;
}

// The same named quantity must have the same value wherever it is stated.
void CheckConsistency(Context& context,
                      const absl::flat_hash_map<std::string, std::vector<Named>>& named) {
  for (const auto& [label, entries] : named) {
    for (size_t i = 1; i < entries.size(); ++i) {
      const Named& first = entries[0];
      const Named& again = entries[i];
      if (first.amount.unit != again.amount.unit ||
          std::fabs(first.value - again.value) <=
              first.amount.HalfUnit() + again.amount.HalfUnit() + 1e-9) {
        continue;
      }
      const int line = context.document().nodes()[first.node].line;
      context.Add("figures.consistency", Severity::kError, again.node, again.amount.begin,
                  again.amount.end,
                  absl::StrCat("“", label, "”此处为 ", again.amount.Text(), again.amount.unit,
                               "，但前文（第 ", line, " 行附近）为 ", first.amount.Text(),
                               first.amount.unit, "。"),
                  "同一数据在全文中应保持一致。");
    }
  }
}

// A base named explicitly (占本年支出合计的 x%): its stated value.
std::optional<double> LookupBase(const absl::flat_hash_map<std::string, std::vector<Named>>& named,
                                 absl::string_view base) {
  for (const auto& [label, entries] : named) {
    if (label == base || (base.size() >= 6 && absl::string_view(label).size() >= base.size() &&
                          absl::string_view(label).substr(label.size() - base.size()) == base)) {
      return entries[0].value;
    }
  }
  return std::nullopt;
}

// Shares (占 x%): recomputed from the amount and the base named or implied.
void CheckShares(Context& context, int index,
                 const absl::flat_hash_map<std::string, std::vector<Named>>& named) {
  static const RE2* const kShare =
      new RE2("占(?:([^，。；%％\\d]{2,24}?)的)?\\s*(\\d+(?:\\.\\d+)?)\\s*[%％]");
  const Node& node = context.document().nodes()[index];
  const std::vector<FoundAmount> amounts = FindAmounts(node.text);
  struct Share {
    Percent percent;
    const FoundAmount* amount;
    std::string base;
    size_t sentence;
  };
  std::vector<Share> shares;
  re2::StringPiece input(node.text);
  re2::StringPiece base;
  re2::StringPiece number;
  while (RE2::FindAndConsume(&input, *kShare, &base, &number)) {
    Share share;
    share.percent.value = Number(number, &share.percent.decimals);
    share.percent.begin = Offset(number, node.text);
    share.percent.end = static_cast<size_t>(input.data() - node.text.data());
    share.base = base.as_string();
    // The amount it is a share of: the last money amount before it in the
    // same clause group (after the previous ；or 。).
    const size_t share_at = share.percent.begin;
    size_t clause_begin = SentenceStart(node.text, share_at);
    const size_t semicolon = node.text.rfind("；", share_at);
    if (semicolon != std::string::npos && semicolon + 3 > clause_begin) {
      clause_begin = semicolon + 3;
    }
    share.amount = nullptr;
    for (const FoundAmount& amount : amounts) {
      if (amount.IsMoney() && !amount.is_change && amount.begin >= clause_begin &&
          amount.end <= share_at) {
        share.amount = &amount;
      }
    }
    share.sentence = SentenceStart(node.text, share_at);
    if (share.amount != nullptr) {
      shares.push_back(share);
    }
  }
  // Implied bases: within one sentence, parts whose shares add up to 100% are
  // shares of their sum; otherwise of the sentence's 其中 total.
  static const RE2* const kTrigger = new RE2("(其中|主要用于以下方面)\\s*[：:]");
  for (size_t i = 0; i < shares.size();) {
    size_t j = i;
    double share_sum = 0;
    double amount_sum = 0;
    double amount_tolerance = 0;
    double share_tolerance = 0;
    while (j < shares.size() && shares[j].sentence == shares[i].sentence) {
      if (shares[j].base.empty()) {
        share_sum += shares[j].percent.value;
        share_tolerance += std::pow(10.0, -shares[j].percent.decimals);
        amount_sum += shares[j].amount->value;
        amount_tolerance += shares[j].amount->HalfUnit();
      }
      ++j;
    }
    std::optional<double> implied;
    double implied_tolerance = 0;
    const size_t sentence_end = SentenceEnd(node.text, shares[i].sentence);
    re2::StringPiece sentence(node.text.data() + shares[i].sentence,
                              sentence_end - shares[i].sentence);
    re2::StringPiece trigger;
    if (RE2::PartialMatch(sentence, *kTrigger, &trigger)) {
      const size_t trigger_at = Offset(trigger, node.text);
      for (const FoundAmount& amount : amounts) {
        if (amount.IsMoney() && !amount.is_change && amount.begin >= shares[i].sentence &&
            amount.end <= trigger_at) {
          implied = amount.value;
          implied_tolerance = amount.HalfUnit();
        }
      }
    }
    if (!implied.has_value() && j - i >= 2 &&
        std::fabs(share_sum - 100) <= share_tolerance + 1e-9) {
      implied = amount_sum;
      implied_tolerance = amount_tolerance;
    }
    for (size_t k = i; k < j; ++k) {
      const Share& share = shares[k];
      std::optional<double> total = implied;
      double total_tolerance = implied_tolerance;
      if (!share.base.empty()) {
        total = LookupBase(named, share.base);
        total_tolerance = 0.005;
      }
      if (!total.has_value()) {
        continue;
      }
      const double part = share.amount->value;
      const double part_tolerance = share.amount->HalfUnit();
      if (*total <= 0) {
        continue;
      }
      const double low = std::max(0.0, part - part_tolerance) / (*total + total_tolerance) * 100;
      const double high = (part + part_tolerance) / std::max(*total - total_tolerance, 1e-9) * 100;
      if (Agrees(share.percent.value, share.percent.decimals, low, high)) {
        continue;
      }
      context.Add(
          "figures.share", Severity::kError, index, share.percent.begin, share.percent.end,
          absl::StrCat("占比写作 ", share.percent.Text(), "，但 ", share.amount->Text(),
                       share.amount->unit, " ÷ ", Format(*total), share.amount->unit, " = ",
                       Format(part / *total * 100, share.percent.decimals + 1), "%。"),
          absl::StrCat("应为 ", Format(part / *total * 100, share.percent.decimals), "%。"));
    }
    i = j;
  }
}

// Year-on-year changes: 减少 a 万元，下降 b% must satisfy b = a / (本年 + a).
void CheckChanges(Context& context, int index) {
  static const RE2* const kChange = new RE2(
      "(增加|减少)\\s*(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s*(万元|亿元|元)\\s*"
      "[，,]?\\s*(增长|下降)\\s*"
      "(\\d+(?:\\.\\d+)?)\\s*[%％]");
  const Node& node = context.document().nodes()[index];
  const std::vector<FoundAmount> amounts = FindAmounts(node.text);
  re2::StringPiece input(node.text);
  re2::StringPiece direction;
  re2::StringPiece change;
  re2::StringPiece unit;
  re2::StringPiece rate_direction;
  re2::StringPiece rate;
  while (
      RE2::FindAndConsume(&input, *kChange, &direction, &change, &unit, &rate_direction, &rate)) {
    const size_t begin = Offset(direction, node.text);
    const size_t end = static_cast<size_t>(input.data() - node.text.data());
    const bool decrease = direction == "减少";
    if (decrease != (rate_direction == "下降")) {
      context.Add("figures.change", Severity::kError, index, begin, end,
                  absl::StrCat("变动方向前后矛盾：金额“", direction.as_string(), "”而比率“",
                               rate_direction.as_string(), "”。"),
                  decrease ? "“减少”应与“下降”搭配。" : "“增加”应与“增长”搭配。");
      continue;
    }
    const FoundAmount* current = nullptr;
    for (const FoundAmount& amount : amounts) {
      if (amount.end <= begin && !amount.is_change && amount.unit == unit.as_string()) {
        current = &amount;
      }
    }
    if (current == nullptr) {
      continue;
    }
    Amount delta;
    delta.value = Number(change, &delta.decimals);
    delta.unit = unit.as_string();
    Percent stated;
    stated.value = Number(rate, &stated.decimals);
    const double tolerance = current->HalfUnit() + delta.HalfUnit();
    const double previous = decrease ? current->value + delta.value : current->value - delta.value;
    if (previous <= tolerance) {
      continue;
    }
    const double low = std::max(0.0, delta.value - delta.HalfUnit()) / (previous + tolerance) * 100;
    const double high = (delta.value + delta.HalfUnit()) / (previous - tolerance) * 100;
    if (Agrees(stated.value, stated.decimals, low, high)) {
      continue;
    }
    const double computed = delta.value / previous * 100;
    context.Add(
        "figures.change", Severity::kError, index, begin, end,
        absl::StrCat("本年 ", current->Text(), current->unit, "，", direction.as_string(), " ",
                     delta.Text(), delta.unit, "，则上年为 ", Format(previous), delta.unit,
                     "，变动率应为 ", delta.Text(), " ÷ ", Format(previous), " = ",
                     Format(computed, stated.decimals + 1), "%，文中写作 ", stated.Text(), "。"),
        absl::StrCat("应为", rate_direction.as_string(), " ", Format(computed, stated.decimals),
                     "%。"));
  }
}

}  // namespace

void CheckFigures(Context& context) {
  const absl::flat_hash_map<std::string, std::vector<Named>> named = CollectNamed(context);
  CheckConsistency(context, named);
  const int count = static_cast<int>(context.document().nodes().size());
  for (int index = 0; index < count; ++index) {
    CheckInlineSums(context, index);
    CheckOutline(context, index);
    CheckShares(context, index, named);
    CheckChanges(context, index);
  }
}

}  // namespace reportflow::proofread
