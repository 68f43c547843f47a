#!/usr/bin/env python3
"""Prints bench/run's results (a .jsonl file) as Markdown tables: the raw
limits of MariaDB, then each scenario against them at the same concurrency.

Per-operation database work is given twice: in the timed window, and
"settled" — once every outbox delivery the operations caused was made
(outcomes, publication, portal push, notifications), as issue 17 counts it.
"""
import json
import sys

lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
raw = {(l["raw"], l["concurrency"]): l for l in lines if "raw" in l}
runs = [l for l in lines if "scenario" in l]

print("### MariaDB's own limit (same instance, same run)\n")
print("| test | concurrency | tx/s | avg ms | p99 ms |")
print("|---|---:|---:|---:|---:|")
for (name, c), l in sorted(raw.items(), key=lambda kv: (kv[0][0], kv[0][1])):
    print(f"| {name} | {c} | {l['tx_per_s']:.0f} | {l['avg_ms']} | {l['p99_ms']} |")

print("\n### Scenarios\n")
print("| scenario | c | ops/s | p50 ms | p95 ms | p99 ms | max ms | errors "
      "| ÷ write_only | ÷ replay (1 thread) | stmts/op | commits/op | fsyncs/op | KB sent/op "
      "| settled stmts/op | settled KB/op | review CPU ms/op | peak RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for l in runs:
    c = l["concurrency"]
    w = raw.get(("oltp_write_only", c))
    r = raw.get(("approval_sql_replay", 1))  # replayed on one thread only
    ratio_w = f"{l['ops_per_s'] / w['tx_per_s']:.2f}" if w and w["tx_per_s"] else "–"
    ratio_r = f"{l['ops_per_s'] / r['tx_per_s']:.2f}" if r and r["tx_per_s"] else "–"
    db = l.get("db", {})
    settled = l.get("settled", {}).get("db", {})
    servers = l.get("settled", {}).get("servers", l.get("servers", {}))
    review_cpu = servers.get("review", {}).get("cpu_ms_per_op", "–")
    peak = max((s.get("peak_rss_mb", 0) for n, s in servers.items() if n != "mariadb"), default=0)
    errors = ", ".join(f"{k} {v}" for k, v in l.get("errors", {}).items()) or "0"
    if "by_kind" in l:
        errors = "; ".join(
            f"{k}: {v['ops_per_s']}/s p99 {v['p99_ms']}" for k, v in l["by_kind"].items())
    p = lambda key: l.get(key, "–")
    print(f"| {l['scenario']} | {c} | {l['ops_per_s']} | {p('p50_ms')} | {p('p95_ms')} "
          f"| {p('p99_ms')} | {p('max_ms')} | {errors} | {ratio_w} | {ratio_r} "
          f"| {db.get('statements_per_op', '–')} | {db.get('commits_per_op', '–')} "
          f"| {db.get('fsyncs_per_op', '–')} | {db.get('bytes_sent_per_op', 0) / 1024:.1f} "
          f"| {settled.get('statements_per_op', '–')} "
          f"| {settled.get('bytes_sent_per_op', 0) / 1024:.1f} | {review_cpu} | {peak} |")
