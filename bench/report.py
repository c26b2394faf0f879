"""The tables ``make bench`` prints from its results (req/s, latency, ratios, cold start, memory)."""

from __future__ import annotations

from typing import Any

from baselines import PRISM_VERSION

OPS = ("login", "create", "get", "list")
OP_TITLES = {
    "login": "login   POST /v3/login",
    "create": "create  POST /v3/customers",
    "get": "get     GET /v3/customers/{id}",
    "list": "list    GET /v3/customers?filters&sort",
}


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def fmt_ratio(x: float | None, digits: int = 2) -> str:
    return f"{x:.{digits}f}×" if x is not None else "—"


def cpu(r: dict[str, Any]) -> str:
    v = r.get("server_cpu_us_per_request")
    return f"{v:,.0f}" if v is not None else "?"


def report(results: dict[str, Any], console: Any) -> None:
    from rich.table import Table

    sizes = results["sizes"]
    bare = results.get("bare")
    prism = results.get("prism")
    bare_rps = bare["get"]["rps"] if bare else None
    prism_rps = prism["get"]["rps"] if prism else None

    t = Table(title=f"bill-sandbox, one worker, wrk -t2 -c10 -d{results['args']['duration']:g}s (loopback)")
    t.add_column("operation")
    t.add_column("customers", justify="right")
    t.add_column("req/s", justify="right")
    t.add_column("p50 ms", justify="right")
    t.add_column("p99 ms", justify="right")
    t.add_column("CPU µs/req", justify="right")
    t.add_column("errors", justify="right")
    t.add_column("÷ bare ASGI", justify="right")
    t.add_column("÷ Prism", justify="right")
    for op in OPS:
        for s in sizes:
            r = s["ops"][op]
            t.add_row(
                OP_TITLES[op],
                f"{s['size']:,}",
                f"{r['rps']:,.0f}",
                f"{r['p50_ms']:.2f}",
                f"{r['p99_ms']:.2f}",
                cpu(r),
                str(r["errors"]) if r["errors"] else "",
                fmt_ratio(ratio(r["rps"], bare_rps), 3),
                fmt_ratio(ratio(r["rps"], prism_rps)),
            )
        t.add_section()
    for name, b in (("bare ASGI (constant JSON)", bare), (f"Prism {PRISM_VERSION} mock", prism)):
        if b:
            r = b["get"]
            t.add_row(
                name,
                "",
                f"{r['rps']:,.0f}",
                f"{r['p50_ms']:.2f}",
                f"{r['p99_ms']:.2f}",
                cpu(r),
                str(r["errors"]) if r["errors"] else "",
                "",
                "",
            )
    console.print(t)

    t2 = Table(title="start-up and memory (per worker)")
    t2.add_column("process")
    t2.add_column("cold start s", justify="right")
    t2.add_column("peak RSS MB (VmHWM)", justify="right")
    t2.add_row("sandbox, first start, empty database", f"{results['empty_start_s']:.3f}", "")
    for s in sizes:
        cs = s["cold_start_s"]
        runs = ", ".join(f"{x:.3f}" for x in cs["runs"])
        rss = f"{s['peak_rss_mb']:.0f}" if s["peak_rss_mb"] else "?"
        t2.add_row(f"sandbox, {s['size']:,} customers (median of {runs})", f"{cs['median']:.3f}", rss)
    for name, b in (("bare ASGI", bare), ("Prism", prism)):
        if b:
            rss = f"{b['peak_rss_mb']:.0f}" if b["peak_rss_mb"] else "?"
            t2.add_row(name, f"{b['cold_start_s']:.3f}", rss)
    console.print(t2)

    pay = results.get("payments")
    if pay:
        cp, adv = pay.get("create_payment", {}), pay.get("advance", {})
        console.print(
            f"payments (bench/payments.py): POST /v3/payments {cp.get('rps')} req/s, "
            f"p50 {cp.get('p50_ms')} ms, p99 {cp.get('p99_ms')} ms; "
            f"clock advance clears {adv.get('scheduled_payments')} payments in "
            f"{adv.get('clear_all_s')} s ({adv.get('nothing_due_ms')} ms when nothing is due)"
        )

    if len(sizes) > 1:
        lo, hi = sizes[0], sizes[-1]
        t3 = Table(title=f"cost versus data size: {hi['size']:,} ÷ {lo['size']:,} customers")
        t3.add_column("operation")
        t3.add_column("req/s ratio", justify="right")
        t3.add_column("p50 ratio", justify="right")
        for op in OPS:
            a, b = lo["ops"][op], hi["ops"][op]
            t3.add_row(op, fmt_ratio(ratio(b["rps"], a["rps"])), fmt_ratio(ratio(b["p50_ms"], a["p50_ms"])))
        console.print(t3)
