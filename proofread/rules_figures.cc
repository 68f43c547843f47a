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
    // Items inside brackets (其中：… in （）) break an item down further: never
    // summed with their parent. The depth is tracked along the list once.
    std::vector<Amount> items;
    size_t cursor = list_begin;
    int depth = 0;
    bool mixed_units = false;
    for (const FoundAmount& amount : amounts) {
      if (amount.begin < list_begin || amount.end > list_end) continue;
      // 万元 items in a 元 list (or the reverse): their rounding is another
      // unit's; such a list is not summed.
      if (!amount.is_change && amount.IsMoney() && total->IsMoney() && amount.unit != total->unit) {
        mixed_units = true;
      }
      for (; cursor < amount.begin; ++cursor) {
        if (node.text.compare(cursor, 3, "（") == 0 || node.text[cursor] == '(') ++depth;
        if ((node.text.compare(cursor, 3, "）") == 0 || node.text[cursor] == ')') && depth > 0) {
          --depth;
        }
      }
      if (!amount.is_change && amount.unit == total->unit && depth == 0) {
        items.push_back(amount);
      }
    }
    if (items.size() >= 2 && !mixed_units) {
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

// A share one unit of its last digit off what it should be, among shares
// that add up to 100% give or take one unit (`group_sum` of `group_size`
// shares) — parts nudged to make 100% — is a warning, not an error.
Severity ShareSeverity(const Percent& stated, double low, double high, double group_sum,
                       size_t group_size) {
  const double unit = std::pow(10.0, -stated.decimals);
  const bool makes_hundred = group_size >= 2 && std::fabs(group_sum - 100) <= unit + 1e-9;
  return makes_hundred && Agrees(stated.value, stated.decimals, low - unit, high + unit)
             ? Severity::kWarning
             : Severity::kError;
}

// A share of a base the text names but never states (占一般公共预算支出的 x%).
struct UnstatedShare {
  int node = 0;
  Percent percent;
  Amount amount;
  std::string base;
};

// Shares (占 x%): recomputed from the amount and the base named or implied.
// Shares of a named base never stated are collected in `unstated`.
void CheckShares(Context& context, int index,
                 const absl::flat_hash_map<std::string, std::vector<Named>>& named,
                 std::vector<UnstatedShare>* unstated) {
  static const RE2* const kShare =
      new RE2("占(?:([^，。；%％\\d]{2,24}?)的?)?\\s*(\\d+(?:\\.\\d+)?)\\s*[%％]");
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
    // Three or more parts whose shares miss 100%: when all but one agree
    // with the sum of the parts, that one is the mistake (35.33% beside 0%
    // and 66.47% of 45.13); when more disagree, the list may be partial and
    // nothing is said.
    if (!implied.has_value() && j - i >= 3 && amount_sum > 0) {
      std::vector<size_t> disagreeing;
      for (size_t k = i; k < j; ++k) {
        if (!shares[k].base.empty()) continue;
        const double part = shares[k].amount->value;
        const double tolerance = shares[k].amount->HalfUnit();
        const double low = std::max(0.0, part - tolerance) / (amount_sum + amount_tolerance) * 100;
        const double high =
            (part + tolerance) / std::max(amount_sum - amount_tolerance, 1e-9) * 100;
        if (!Agrees(shares[k].percent.value, shares[k].percent.decimals, low, high)) {
          disagreeing.push_back(k);
        }
      }
      if (disagreeing.size() == 1) {
        const Share& share = shares[disagreeing[0]];
        const double part = share.amount->value;
        context.Add(
            "figures.share", Severity::kError, index, share.percent.begin, share.percent.end,
            absl::StrCat("占比写作 ", share.percent.Text(), "，但 ", share.amount->Text(),
                         share.amount->unit, " ÷ 各项之和 ", Format(amount_sum), share.amount->unit,
                         " = ", Format(part / amount_sum * 100, share.percent.decimals + 1),
                         "%；其余各项的占比都与各项之和相符。"),
            absl::StrCat("应为 ", Format(part / amount_sum * 100, share.percent.decimals), "%。"));
        i = j;
        continue;
      }
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
          "figures.share", ShareSeverity(share.percent, low, high, share_sum, j - i), index,
          share.percent.begin, share.percent.end,
          absl::StrCat("占比写作 ", share.percent.Text(), "，但 ", share.amount->Text(),
                       share.amount->unit, " ÷ ", Format(*total), share.amount->unit, " = ",
                       Format(part / *total * 100, share.percent.decimals + 1), "%。"),
          absl::StrCat("应为 ", Format(part / *total * 100, share.percent.decimals), "%。"));
    }
    i = j;
  }
  for (const Share& share : shares) {
    if (!share.base.empty() && !LookupBase(named, share.base).has_value() &&
        share.percent.value >= 1) {
      unstated->push_back({index, share.percent, *share.amount, share.base});
    }
  }
}

// Shares of one base the text names but never states, under one heading
// (占一般公共预算支出的 84.06%, … 的 19.62%): the base each implies must be
// the same one. The largest part gives the most precise estimate; the
// others are checked against it.
void CheckUnstatedBases(Context& context, const std::vector<UnstatedShare>& unstated) {
  const auto& nodes = context.document().nodes();
  auto group = [&](const UnstatedShare& share) { return nodes[share.node].parent; };
  for (const UnstatedShare& reference : unstated) {
    bool largest = true;
    for (const UnstatedShare& other : unstated) {
      if (other.base == reference.base && group(other) == group(reference) &&
          other.amount.value > reference.amount.value) {
        largest = false;
      }
    }
    if (!largest) continue;
    const double unit = std::pow(10.0, -reference.percent.decimals);
    const double a = reference.amount.value;
    const double ta = reference.amount.HalfUnit();
    const double base_low = (a - ta) / (reference.percent.value + unit) * 100;
    const double base_high = (a + ta) / std::max(reference.percent.value - unit, 1e-9) * 100;
    const double estimate = a / reference.percent.value * 100;
    double group_sum = 0;
    size_t group_size = 0;
    for (const UnstatedShare& share : unstated) {
      if (share.base == reference.base && group(share) == group(reference)) {
        group_sum += share.percent.value;
        ++group_size;
      }
    }
    for (const UnstatedShare& share : unstated) {
      if (&share == &reference || share.base != reference.base ||
          group(share) != group(reference) || share.amount.unit != reference.amount.unit) {
        continue;
      }
      const double part = share.amount.value;
      const double low = std::max(0.0, part - share.amount.HalfUnit()) / base_high * 100;
      const double high = (part + share.amount.HalfUnit()) / base_low * 100;
      if (Agrees(share.percent.value, share.percent.decimals, low, high)) continue;
      context.Add(
          "figures.share", ShareSeverity(share.percent, low, high, group_sum, group_size),
          share.node, share.percent.begin, share.percent.end,
          absl::StrCat("占比写作 ", share.percent.Text(), "，但按“", reference.amount.Text(),
                       reference.amount.unit, "占", share.base, "的", reference.percent.Text(),
                       "”推算，", share.base, "约为 ", Format(estimate), reference.amount.unit,
                       "，", share.amount.Text(), " ÷ ", Format(estimate), " = ",
                       Format(part / estimate * 100, share.percent.decimals + 1), "%。"),
          absl::StrCat("应约为 ", Format(part / estimate * 100, share.percent.decimals), "%。"));
    }
  }
}

// The start of the clause `position` is in: after the last 。 or ；.
size_t ClauseStart(const std::string& text, size_t position) {
  size_t start = 0;
  for (const char* mark : {"。", "；", ";"}) {
    const size_t found = text.rfind(mark, position);
    if (found != std::string::npos) start = std::max(start, found + std::string(mark).size());
  }
  return start;
}

// Whether `stated` is the change `delta` over `previous` (each as precise as
// written; `tolerance` the base's rounding), rounded or truncated.
bool ChangeAgrees(const Amount& delta, double previous, double tolerance, const Percent& stated) {
  const double low = std::max(0.0, delta.value - delta.HalfUnit()) / (previous + tolerance) * 100;
  const double high = (delta.value + delta.HalfUnit()) / (previous - tolerance) * 100;
  return Agrees(stated.value, stated.decimals, low, high);
}

bool IsDecrease(re2::StringPiece word) {
  return word == "减少" || word == "下降" || word == "降低" || word == "减幅" || word == "下降率" ||
         word == "减少率";
}

// Year-on-year changes: 减少 a 万元，下降 b% must satisfy b = a / 上年, where
// 上年 is the base the text names (较上年的 X 万元, 较年初预算数 X 万元) or
// else 本年 ± a, 本年 being the amount the clause states before the change.
// The verb may sit on the amount (下降 21 万元，下降 9%), the rate may stand
// in brackets with no verb (减少 12.40 万元（31.25%）) or be named 增幅/减幅.
void CheckChanges(Context& context, int index) {
  static const RE2* const kChange = new RE2(
      "(增加|减少|下降|降低|增长|上升)\\s*"
      "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s*(亿元|万元|元|万)\\s*"
      "(?:[，,]?\\s*(增长率|下降率|减少率|增长|下降|降低|减少|增加|上升|增幅|减幅)(?:为|了)?\\s*|"
      "[（(]\\s*)"
      "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s*[%％]");
  static const RE2* const kComparison = new RE2("(较|比)");
  const Node& node = context.document().nodes()[index];
  const std::vector<FoundAmount> amounts = FindAmounts(node.text);
  re2::StringPiece input(node.text);
  re2::StringPiece direction;
  re2::StringPiece change;
  re2::StringPiece unit_written;
  re2::StringPiece rate_direction;
  re2::StringPiece rate;
  while (RE2::FindAndConsume(&input, *kChange, &direction, &change, &unit_written, &rate_direction,
                             &rate)) {
    const size_t begin = Offset(direction, node.text);
    const size_t end = static_cast<size_t>(input.data() - node.text.data());
    const bool decrease = IsDecrease(direction);
    const std::string unit = unit_written == "万" ? "万元" : unit_written.as_string();
    const std::string rate_word =
        rate_direction.empty() ? (decrease ? "下降" : "增长") : rate_direction.as_string();
    if (!rate_direction.empty() && decrease != IsDecrease(rate_direction)) {
      context.Add("figures.change", Severity::kError, index, begin, end,
                  absl::StrCat("变动方向前后矛盾：金额“", direction.as_string(), "”而比率“",
                               rate_direction.as_string(), "”。"),
                  decrease ? "“减少”应与“下降”搭配。" : "“增加”应与“增长”搭配。");
      continue;
    }
    // 本年 is the last amount of the clause before the comparison word; a
    // base named between the comparison word and the change (较上年的 433
    // 万元减少…) is 上年 itself.
    const size_t clause = ClauseStart(node.text, begin);
    size_t comparison = std::string::npos;
    {
      re2::StringPiece scan(node.text.data() + clause, begin - clause);
      re2::StringPiece word;
      while (RE2::FindAndConsume(&scan, *kComparison, &word)) comparison = Offset(word, node.text);
    }
    // A breakdown (其中 two or more items) before the comparison: the change
    // is the total's; a single 其中 item is the part the change speaks of.
    const size_t before_comparison = comparison == std::string::npos ? begin : comparison;
    size_t current_end = before_comparison;
    const size_t list = node.text.rfind("其中", before_comparison);
    if (list != std::string::npos && list >= clause) {
      int listed = 0;
      for (const FoundAmount& amount : amounts) {
        if (amount.begin > list && amount.end <= before_comparison && !amount.is_change) ++listed;
      }
      if (listed >= 2) current_end = list;
    }
    const FoundAmount* current = nullptr;
    const FoundAmount* base = nullptr;
    // The base of a share (占本年支出合计 4021.94 万元的 31.45%) is not the
    // amount that changed.
    auto share_base = [&](const FoundAmount& amount) {
      const size_t from = amount.begin >= 36 ? amount.begin - 36 : 0;
      const std::string before = node.text.substr(from, amount.begin - from);
      const size_t share = before.rfind("占");
      return node.text.compare(amount.end, 3, "的") == 0 && share != std::string::npos &&
             before.find("，", share) == std::string::npos;
    };
    for (const FoundAmount& amount : amounts) {
      if (amount.begin < clause || amount.end > begin || amount.is_change || amount.unit != unit ||
          share_base(amount)) {
        continue;
      }
      if (comparison != std::string::npos && amount.begin > comparison) {
        base = &amount;
      } else if (amount.end <= current_end) {
        current = &amount;
      }
    }
    // A sentence that only compares (与 2023 年度相比，…减少 106.9 万元) speaks
    // of the amount the sentence before ended with; a clause after ；
    // speaks of its own subject and borrows nothing.
    static const RE2* const kOnlyCompares = new RE2("^\\s*(与|较|比|同比|相比|和)");
    const bool only_compares =
        clause == SentenceStart(node.text, begin) &&
        RE2::PartialMatch(re2::StringPiece(node.text.data() + clause, begin - clause),
                          *kOnlyCompares);
    if (current == nullptr && base == nullptr && only_compares && clause > 0) {
      // (clause is just after the 。, three bytes)
      const size_t previous_start = SentenceStart(node.text, clause >= 4 ? clause - 4 : 0);
      for (const FoundAmount& amount : amounts) {
        if (amount.begin >= previous_start && amount.end <= clause && !amount.is_change &&
            amount.unit == unit) {
          current = &amount;
        }
      }
    }
    if (current == nullptr && base == nullptr) {
      continue;
    }
    Amount delta;
    delta.value = Number(change, &delta.decimals);
    delta.unit = unit;
    Percent stated;
    stated.value = Number(rate, &stated.decimals);
    double previous = 0;
    double tolerance = delta.HalfUnit();
    if (base != nullptr) {
      previous = base->value;
      tolerance += base->HalfUnit();
      if (current != nullptr) {
        // 本年, 上年 and the change must agree too.
        const double implied = decrease ? previous - delta.value : previous + delta.value;
        if (std::fabs(implied - current->value) > current->HalfUnit() + tolerance + 1e-9) {
          context.Add(
              "figures.change", Severity::kError, index, begin, end,
              absl::StrCat("本年 ", current->Text(), unit, "，上年 ", base->Text(), unit, "，相差 ",
                           Format(std::fabs(previous - current->value)), unit, "，文中写作",
                           direction.as_string(), " ", delta.Text(), unit, "。"),
              absl::StrCat("应为", direction.as_string(), " ",
                           Format(std::fabs(previous - current->value)), unit, "。"));
          continue;
        }
      }
    } else {
      tolerance += current->HalfUnit();
      previous = decrease ? current->value + delta.value : current->value - delta.value;
    }
    if (previous <= tolerance || ChangeAgrees(delta, previous, tolerance, stated)) {
      continue;
    }
    const double computed = delta.value / previous * 100;
    // The commonest real error: the change divided by this year's amount.
    std::string wrong_base;
    if (current != nullptr && current->value > 0) {
      const double on_current = delta.value / current->value * 100;
      if (Agrees(stated.value, stated.decimals, on_current * 0.9999, on_current * 1.0001)) {
        wrong_base =
            absl::StrCat("文中的比率是以本年数 ", current->Text(), unit, " 为基数算出的（",
                         delta.Text(), " ÷ ", current->Text(), "），变动率应以上年数为基数。");
      }
    }
    context.Add(
        "figures.change", Severity::kError, index, begin, end,
        absl::StrCat(
            base != nullptr ? absl::StrCat("上年 ", base->Text(), unit)
                            : absl::StrCat("本年 ", current->Text(), unit, "，",
                                           direction.as_string(), " ", delta.Text(), delta.unit,
                                           "，则上年为 ", Format(previous), delta.unit),
            "，变动率应为 ", delta.Text(), " ÷ ", Format(previous), " = ",
            Format(computed, stated.decimals + 1), "%，文中写作 ", stated.Text(), "。", wrong_base),
        absl::StrCat("应为", rate_word, " ", Format(computed, stated.decimals), "%。"));
  }
}

// Paired changes: 收、支总计分别为 P 万元、Q 万元。…各减少 A 万元、B 万元，各下降
// x%、y% — each pair is a change of its own: x = A ÷ (P + A), y = B ÷ (Q + B).
void CheckPairedChanges(Context& context, int index) {
  static const RE2* const kPaired = new RE2(
      "各(增加|减少)\\s*(\\d[\\d,.]*)\\s*(?:万元)?\\s*[、,，]\\s*(\\d[\\d,.]*)\\s*万元\\s*[，,]?"
      "\\s*"
      "各(增长|下降)\\s*(\\d[\\d,.]*)\\s*[%％]?\\s*[、,，]\\s*(\\d[\\d,.]*)\\s*[%％]");
  static const RE2* const kBoth = new RE2(
      "(?:分别为|分别是|各是|各为)\\s*(\\d[\\d,.]*)\\s*(?:万元)?\\s*[、,，]\\s*(\\d[\\d,.]*)\\s*"
      "万元");
  const Node& node = context.document().nodes()[index];
  re2::StringPiece input(node.text);
  re2::StringPiece direction, a, b, rate_direction, x, y;
  while (RE2::FindAndConsume(&input, *kPaired, &direction, &a, &b, &rate_direction, &x, &y)) {
    const size_t begin = Offset(direction, node.text);
    const size_t end = static_cast<size_t>(input.data() - node.text.data());
    // The two amounts: stated just before (this or the previous sentence).
    const size_t sentence = SentenceStart(node.text, begin);
    const size_t from = sentence >= 4 ? SentenceStart(node.text, sentence - 4) : 0;
    re2::StringPiece before(node.text.data() + from, begin - from);
    re2::StringPiece p, q;
    re2::StringPiece last_p, last_q;
    while (RE2::FindAndConsume(&before, *kBoth, &p, &q)) {
      last_p = p;
      last_q = q;
    }
    if (last_p.empty()) continue;
    const bool decrease = direction == "减少";
    if (decrease != (rate_direction == "下降")) continue;  // the single-change rule says so
    const re2::StringPiece currents[2] = {last_p, last_q};
    const re2::StringPiece changes[2] = {a, b};
    const re2::StringPiece rates[2] = {x, y};
    for (int k = 0; k < 2; ++k) {
      Amount current, delta;
      current.value = Number(currents[k], &current.decimals);
      current.unit = "万元";
      delta.value = Number(changes[k], &delta.decimals);
      delta.unit = "万元";
      Percent stated;
      stated.value = Number(rates[k], &stated.decimals);
      const double previous = decrease ? current.value + delta.value : current.value - delta.value;
      const double tolerance = current.HalfUnit() + delta.HalfUnit();
      if (previous <= tolerance || ChangeAgrees(delta, previous, tolerance, stated)) continue;
      const double computed = delta.value / previous * 100;
      context.Add(
          "figures.change", Severity::kError, index, begin, end,
          absl::StrCat(k == 0 ? "前" : "后", "一项：本年 ", current.Text(), "万元，",
                       direction.as_string(), " ", delta.Text(), "万元，则上年为 ",
                       Format(previous), "万元，变动率应为 ", Format(computed, stated.decimals + 1),
                       "%，文中写作 ", stated.Text(), "。"),
          absl::StrCat("应为", rate_direction.as_string(), " ", Format(computed, stated.decimals),
                       "%。"));
    }
  }
}

// Completion stated with its amounts in one sentence: 完成全年预算 56.30 万元
// 的 81.4%; 年初预算 1350.00 万元 … 预算执行比例为 92.15%; 完成预算的 62% (of
// 年初预算为 120.00 万元, 支出决算为 45.60 万元); 完成年初预算的 100%，决算数
// 大于预算数 55.93 万元. The rate must be 决算 ÷ 预算.
void CheckStatedCompletion(Context& context, int index) {
  static const RE2* const kRate = new RE2(
      "(完成(?:全年|年初|调整后?)?(?:支出)?预算(?:数)?\\s*[\\d.,]+\\s*(?:亿元|万元|元)\\s*的|"
      "完成(?:全年|年初|调整后?)?(?:支出)?预算(?:数)?(?:的)?|预算执行(?:比例|率)(?:为)?|"
      "预算完成率(?:为)?|"
      "执行率(?:为)?)\\s*(\\d+(?:\\.\\d+)?)\\s*[%％]");
  static const RE2* const kOverUnder = new RE2(
      "决算数?(大于|小于|超过|低于|超出)预算数?\\s*(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:"
      "\\.\\d+)?)\\s*(亿元|万元|元)");
  const Node& node = context.document().nodes()[index];
  const std::vector<FoundAmount> amounts = FindAmounts(node.text);
  auto label_before = [&](const Amount& amount) -> std::string {
    const size_t from = amount.begin >= 24 ? amount.begin - 24 : 0;
    std::string before = node.text.substr(from, amount.begin - from);
    // 一般公共预算、政府性基金预算 name funds, not the budget.
    for (const char* fund :
         {"一般公共预算", "政府性基金预算", "国有资本经营预算", "预算财政拨款"}) {
      for (size_t at = before.find(fund); at != std::string::npos; at = before.find(fund, at)) {
        before.replace(at, std::string(fund).size(), std::string(std::string(fund).size(), ' '));
      }
    }
    const size_t budget = before.rfind("预算");
    const size_t actual = before.rfind("决算");
    if (budget == std::string::npos && actual == std::string::npos) return "";
    if (actual == std::string::npos) return "预算";
    if (budget == std::string::npos) return "决算";
    return budget > actual ? "预算" : "决算";
  };
  auto check = [&](size_t begin, size_t end, const Amount& actual, double budget, double tolerance,
                   const Percent& stated) {
    if (budget <= tolerance) return;
    const double low = (actual.value - actual.HalfUnit()) / (budget + tolerance) * 100;
    const double high = (actual.value + actual.HalfUnit()) / (budget - tolerance) * 100;
    if (Agrees(stated.value, stated.decimals, low, high)) return;
    const double computed = actual.value / budget * 100;
    context.Add("figures.completion", Severity::kError, index, begin, end,
                absl::StrCat("决算 ", actual.Text(), actual.unit, " ÷ 预算 ", Format(budget),
                             actual.unit, " = ", Format(computed, stated.decimals + 1),
                             "%，文中写作完成预算的 ", stated.Text(), "。"),
                absl::StrCat("应为 ", Format(computed, stated.decimals), "%。"));
  };
  re2::StringPiece input(node.text);
  re2::StringPiece phrase;
  re2::StringPiece rate;
  while (RE2::FindAndConsume(&input, *kRate, &phrase, &rate)) {
    const size_t begin = Offset(phrase, node.text);
    const size_t end = static_cast<size_t>(input.data() - node.text.data());
    const size_t sentence_begin = SentenceStart(node.text, begin);
    const size_t sentence_end = SentenceEnd(node.text, end);
    const std::string sentence = node.text.substr(sentence_begin, sentence_end - sentence_begin);
    Percent stated;
    stated.value = Number(rate, &stated.decimals);
    // 决算数大于预算数 D 万元: D is the difference, neither amount.
    re2::StringPiece over_input(sentence);
    re2::StringPiece relation;
    re2::StringPiece difference;
    re2::StringPiece difference_unit;
    const bool over_under =
        RE2::PartialMatch(over_input, *kOverUnder, &relation, &difference, &difference_unit);
    const size_t difference_at =
        over_under ? sentence_begin + static_cast<size_t>(difference.data() - sentence.data())
                   : std::string::npos;
    const FoundAmount* actual = nullptr;
    const FoundAmount* budget = nullptr;
    for (const FoundAmount& amount : amounts) {
      if (amount.begin < sentence_begin || amount.end > sentence_end || amount.is_change ||
          !amount.IsMoney() || amount.begin == difference_at) {
        continue;
      }
      // 完成全年预算 X 万元的 y%: X is the budget.
      if (amount.begin > begin && amount.end <= end) {
        budget = &amount;
        continue;
      }
      const std::string label = label_before(amount);
      if (label == "预算" && budget == nullptr) {
        budget = &amount;
      } else if (amount.begin < begin && label != "预算") {
        actual = &amount;
      }
    }
    if (actual == nullptr) continue;
    if (budget == nullptr && over_under && difference_unit == actual->unit) {
      Amount diff;
      diff.value = Number(difference, &diff.decimals);
      diff.unit = actual->unit;
      const bool over = relation == "大于" || relation == "超过" || relation == "超出";
      check(begin, end, *actual, over ? actual->value - diff.value : actual->value + diff.value,
            diff.HalfUnit(), stated);
      continue;
    }
    if (budget != nullptr && budget->unit == actual->unit) {
      check(begin, end, *actual, budget->value, budget->HalfUnit(), stated);
    }
  }
}

}  // namespace

void CheckFigures(Context& context) {
  const absl::flat_hash_map<std::string, std::vector<Named>> named = CollectNamed(context);
  CheckConsistency(context, named);
  const int count = static_cast<int>(context.document().nodes().size());
  std::vector<UnstatedShare> unstated;
  for (int index = 0; index < count; ++index) {
    CheckInlineSums(context, index);
    CheckOutline(context, index);
    CheckShares(context, index, named, &unstated);
    CheckChanges(context, index);
    CheckStatedCompletion(context, index);
    CheckPairedChanges(context, index);
  }
  CheckUnstatedBases(context, unstated);
}

}  // namespace reportflow::proofread
