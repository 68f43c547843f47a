// A machine-check finding as FindingList shows it, from either source: the
// review's findings (which can be overridden) or the drafter's self-check.

export interface ListedFinding {
  id: string; // the mark id used in the text
  name?: string; // reviews/{r}/findings/{f}, when it can be overridden
  severity: string;
  rule: string;
  sectionTitle: string;
  line: number;
  excerpt: string;
  message: string;
  suggestion: string;
  overridden?: boolean;
  overrideReason?: string;
}

interface AnyFinding {
  name?: string;
  section: string;
  severity: string;
  rule: string;
  line: number;
  excerpt: string;
  message: string;
  suggestion: string;
  overridden?: boolean;
  override_reason?: string;
}

/** `findings` as listed rows, ids `${prefix}${index}`, sections named by `titleOf`. */
export function listFindings(
  findings: AnyFinding[],
  prefix: string,
  titleOf: (section: string) => string,
): ListedFinding[] {
  return findings.map((f, i) => ({
    id: `${prefix}${i}`,
    name: f.name,
    severity: f.severity,
    rule: f.rule,
    sectionTitle: titleOf(f.section),
    line: f.line,
    excerpt: f.excerpt,
    message: f.message,
    suggestion: f.suggestion,
    overridden: f.overridden,
    overrideReason: f.override_reason,
  }));
}
