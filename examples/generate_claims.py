#!/usr/bin/env python3
"""Generates the example claims in examples/claims/ (see examples/README.md).

Deterministic: Python 3 standard library only, one fixed seed, exact decimal
arithmetic for every figure written. Running it again rewrites the same bytes.

    python3 examples/generate_claims.py            # writes examples/claims/
    python3 examples/generate_claims.py --check    # exit 1 if the files differ

One claim per provider, subject and month of 2027, named
PROVIDER-SUBJECT-2027-MM.json. The figures are invented but plausible; the
defects described in examples/README.md are put in on purpose, below, each
marked "BY DESIGN".
"""

import argparse
import calendar
import json
import math
import os
import random
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

SEED = 20270101
YEAR = 2027
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "claims")


# ---------------------------------------------------------------- helpers

def dec(x, places):
    """A number rounded half to even to `places` decimals, as text."""
    if isinstance(x, Fraction):
        x = Decimal(x.numerator) / Decimal(x.denominator)
    q = Decimal(1).scaleb(-places)
    return str(Decimal(x).quantize(q, rounding=ROUND_HALF_EVEN))


def qty(value, unit, places=0):
    return {"value": dec(value, places), "unit": unit}


def month_bounds(month):
    start = f"{YEAR}-{month:02}-01"
    end = f"{YEAR + 1}-01-01" if month == 12 else f"{YEAR}-{month + 1:02}-01"
    return start, end


def days_in(month):
    return calendar.monthrange(YEAR, month)[1]


def season(month):
    """+1 in mid-July, -1 in mid-January: cooling load in the northern hemisphere."""
    return -math.cos(2 * math.pi * (month - 0.5) / 12)


def ts(month, day, hour, minute=0, offset="Z"):
    """An RFC 3339 date-time in `month` (day may run past the month end)."""
    base = calendar.timegm((YEAR, month, 1, 0, 0, 0)) + (day - 1) * 86400 + hour * 3600 + minute * 60
    t = __import__("time").gmtime(base)
    text = f"{t.tm_year:04}-{t.tm_mon:02}-{t.tm_mday:02}T{t.tm_hour:02}:{t.tm_min:02}:00"
    return text + offset


def local(utc_text, offset):
    """Rewrites a UTC time (…Z) in a provider's local offset ("+08:00")."""
    if offset == "Z":
        return utc_text
    import time
    t = calendar.timegm(time.strptime(utc_text[:19], "%Y-%m-%dT%H:%M:%S"))
    sign = 1 if offset[0] == "+" else -1
    shift = sign * (int(offset[1:3]) * 3600 + int(offset[4:6]) * 60)
    lt = time.gmtime(t + shift)
    return time.strftime("%Y-%m-%dT%H:%M:%S", lt) + offset


# ---------------------------------------------------------------- providers

# Facilities: installed IT power (MW), mean IT load factor, PUE (annual base,
# seasonal amplitude), renewable share, reuse share, WUE (L/kWh), grid
# intensity (gCO2e/kWh), rack utilisation, electricity price.
FACILITIES = [
    dict(provider="hanhai", subject="wlcb-1", name="Ulanqab Campus 1 (Inner Mongolia hub)",
         country="CN", region="cn-north", offset="+08:00", currency="CNY",
         hub_node=True, western_hub=True, commissioned="2025-04-01",
         it_mw=24, load=0.74, pue=1.150, pue_amp=0.030, ref=0.86, erf=0.0, wue=0.18,
         grid=620, rack=0.72, elec=("0.31", "CNY/kWh")),
    dict(provider="xibu", subject="gy-1", name="Gui'an Campus 1 (Guizhou hub)",
         country="CN", region="cn-southwest", offset="+08:00", currency="CNY",
         hub_node=True, western_hub=True, commissioned="2026-03-15",
         it_mw=9, load=0.62, pue=1.170, pue_amp=0.020, ref=0.74, erf=0.0, wue=0.35,
         grid=420, rack=0.68, elec=("0.36", "CNY/kWh"),
         skip_months=(8,)),  # BY DESIGN: no claim for August
    dict(provider="jinghua", subject="wuhu-1", name="Wuhu Campus 1 (Yangtze River Delta hub)",
         country="CN", region="cn-east", offset="+08:00", currency="CNY",
         hub_node=True, western_hub=False, commissioned="2022-06-15",
         it_mw=12, load=0.66, pue=1.290, pue_amp=0.045, ref=0.32, erf=0.0, wue=0.55,
         grid=560, rack=0.58, elec=("0.52", "CNY/kWh"),
         claimed_pue_bias=Decimal("-0.05")),  # BY DESIGN: claims a PUE 0.05 lower than measured
    dict(provider="rheincloud", subject="fra-1", name="Frankfurt 1",
         country="DE", region="eu-central", offset="+01:00", currency="EUR",
         commissioned="2018-05-01",
         it_mw=8, load=0.71, pue=1.400, pue_amp=0.040, ref=1.0, erf=0.03, wue=0.90,
         grid=380, rack=0.81, elec=("0.19", "EUR/kWh")),
    dict(provider="rheincloud", subject="fra-2", name="Frankfurt 2",
         country="DE", region="eu-central", offset="+01:00", currency="EUR",
         commissioned="2026-10-01",  # BY DESIGN: a new facility (EnEfG: from 1 July 2026)
         it_mw=2, load=0.55, pue=1.245, pue_amp=0.030, ref=1.0, erf=0.12, wue=0.40,
         grid=380, rack=0.47, elec=("0.19", "EUR/kWh")),
    dict(provider="seineai", subject="par-1", name="Paris Saclay 1",
         country="FR", region="eu-west", offset="+01:00", currency="EUR",
         commissioned="2021-09-01",
         it_mw=3, load=0.69, pue=1.300, pue_amp=0.040, ref=0.68, erf=0.0, wue=0.70,
         grid=52, rack=0.77, elec=("0.13", "EUR/kWh")),
    dict(provider="polderdc", subject="ams-1", name="Amsterdam Schiphol-Rijk 1",
         country="NL", region="eu-west", offset="+01:00", currency="EUR",
         commissioned="2015-02-01",
         it_mw=1.2, load=0.64, pue=1.330, pue_amp=0.040, ref=0.90, erf=0.06, wue=0.60,
         grid=330, rack=0.70, elec=("0.16", "EUR/kWh"),
         skip_months=(5,),  # BY DESIGN: no claim for May (both subjects)
         drop_in_month={12: ["water"]}),  # BY DESIGN: December claim without water
    dict(provider="prairie", subject="abi-1", name="Abilene 1",
         country="US", region="us-central", offset="-06:00", currency="USD",
         commissioned=None,  # BY DESIGN: commissioning date never reported
         it_mw=40, load=0.78, pue=1.450, pue_amp=0.060, ref=0.41, erf=0.0, wue=1.60,
         grid=400, rack=0.83, elec=("0.058", "USD/kWh")),
    dict(provider="cascadia", subject="dls-1", name="The Dalles 1",
         country="US", region="us-west", offset="-08:00", currency="USD",
         commissioned="2020-06-01",
         it_mw=30, load=0.80, pue=1.090, pue_amp=0.015, ref=0.95, erf=0.0, wue=0.25,
         grid=120, rack=0.88, elec=("0.047", "USD/kWh")),
]

# Token services and model endpoints: tokens served per month (billions),
# IT energy per token (J), availability, latency (ms), prices per customer
# class and region (per million tokens, claim currency).
SERVICES = [
    dict(provider="hanhai", subject="llm-cn", kind="model", name="Hanhai-72B chat",
         country="CN", region="cn-north", offset="+08:00", currency="CNY",
         gtokens=420, jpt=0.42, avail=0.9995, p50=260, p95=900, p99=1600,
         prices={"cn-north": {"domestic": "4.00", "foreign": "4.00", "sme": "3.20"},
                 "cn-east": {"domestic": "4.40", "foreign": "4.40", "sme": "3.50"}}),
    dict(provider="jinghua", subject="api-cn", kind="model", name="Jinghua Turbo",
         country="CN", region="cn-east", offset="+08:00", currency="CNY",
         gtokens=180, jpt=1.15, avail=0.9990, p50=340, p95=1100, p99=2200,
         # BY DESIGN: foreign customers pay 25 % more than domestic ones
         prices={"cn-east": {"domestic": "8.00", "foreign": "10.00", "sme": "6.00"}},
         p95_spike_month=12),  # BY DESIGN: p95 twice its usual level in December
    dict(provider="rheincloud", subject="api-eu", kind="service", name="Rheincloud Inference API",
         country="DE", region="eu-central", offset="+01:00", currency="EUR",
         gtokens=95, jpt=0.85, avail=0.9996, p50=210, p95=700, p99=1300,
         prices={"eu-central": {"domestic": "2.40", "foreign": "2.40", "sme": "1.90"},
                 "eu-west": {"domestic": "2.50", "foreign": "2.50", "sme": "2.00"}}),
    dict(provider="seineai", subject="llm-fr", kind="model", name="Seine Large",
         country="FR", region="eu-west", offset="+01:00", currency="EUR",
         gtokens=140, jpt=1.60, avail=0.9993, p50=300, p95=950, p99=1800,
         # BY DESIGN: the SME class pays 1.00 against 1.80 (1.8x: within 2x, beyond the 1.5x warning)
         prices={"eu-west": {"domestic": "1.80", "foreign": "1.80", "sme": "1.00"}}),
    dict(provider="polderdc", subject="gpu-nl", kind="service", name="Polder GPU inference",
         country="NL", region="eu-west", offset="+01:00", currency="EUR",
         gtokens=38, jpt=2.90, avail=0.9990, p50=420, p95=1400, p99=2600,
         avail_in_month={12: Decimal("0.9962")},  # BY DESIGN: 99.62 % in December
         prices={"eu-west": {"domestic": "0.90", "foreign": "0.90", "sme": "0.75"}},
         skip_months=(5,)),  # BY DESIGN: no claim for May
    dict(provider="prairie", subject="api-us", kind="model", name="Prairie 405B",
         country="US", region="us-central", offset="-06:00", currency="USD",
         gtokens=610, jpt=3.40, avail=0.9975, p50=380, p95=1300, p99=2400,
         # BY DESIGN: foreign customers pay 20 % more
         prices={"us-central": {"domestic": "3.00", "foreign": "3.60", "sme": "3.00"},
                 "us-east": {"domestic": "3.20", "foreign": "3.84", "sme": "3.20"}}),
    dict(provider="cascadia", subject="llm-us", kind="model", name="Cascadia Mini",
         country="US", region="us-west", offset="-08:00", currency="USD",
         gtokens=2300, jpt=0.24, avail=0.9999, p50=140, p95=480, p99=900,
         prices={"us-west": {"domestic": "0.60", "foreign": "0.60", "sme": "0.45"},
                 "us-east": {"domestic": "0.60", "foreign": "0.60", "sme": "0.45"}}),
]

# Significant incidents (severity high or critical), by design. Times are
# offsets in hours from detection; None: the step has not happened.
# (provider, subject, month, day, hour, severity, early_warning_h, notified_h,
#  final_report_h, resolved_h)
INCIDENTS = [
    # Timely: early warning 6 h, notification 40 h, final report 18 days.
    ("rheincloud", "api-eu", 12, 3, 9, "high", 6, 40, 18 * 24 + 40, 5),
    ("rheincloud", "api-eu", 6, 14, 22, "critical", 2, 20, 25 * 24, 3),
    # BY DESIGN: early warning after 30 h (NIS2: 24 h); notification at 60 h is on time.
    ("seineai", "llm-fr", 12, 9, 14, "critical", 30, 60, None, 9),
    # BY DESIGN, invisible at the default evaluation date (December): a March
    # incident notified after 80 h (NIS2: 72 h).
    ("seineai", "llm-fr", 3, 17, 6, "high", 20, 80, 26 * 24, 12),
    # BY DESIGN: a critical incident never notified.
    ("prairie", "api-us", 12, 18, 3, "critical", None, None, None, 7),
    ("prairie", "api-us", 8, 2, 16, "high", 10, 30, 20 * 24, 4),
    ("cascadia", "llm-us", 10, 21, 11, "high", 3, 22, 14 * 24, 2),
    ("hanhai", "llm-cn", 11, 6, 1, "high", 4, 18, 15 * 24, 6),
    ("jinghua", "api-cn", 12, 12, 20, "high", 12, 48, None, 10),
    ("polderdc", "gpu-nl", 9, 25, 8, "high", 5, 30, 21 * 24, 3),
    # Facility incidents: a chiller failure and a utility feed loss.
    ("rheincloud", "fra-1", 7, 22, 15, "high", 8, 50, 20 * 24, 6),
    ("prairie", "abi-1", 2, 3, 4, "high", 12, 36, 24 * 24, 20),
]


# ---------------------------------------------------------------- claims

def base_claim(rng, provider, subject, kind, name, country, region, offset, currency, month):
    start, end = month_bounds(month)
    issued_day = 2 + rng.randrange(0, 5)
    issued = local(ts(month, days_in(month) + issued_day, 9 + rng.randrange(0, 8), 5 * rng.randrange(0, 12)), offset)
    nonce = f"{provider}-{subject}-{YEAR}{month:02}-{rng.getrandbits(64):016x}"
    return {
        "schema": "compute-facility/v1",
        "provider": provider,
        "subject": {"id": subject, "kind": kind, "name": name},
        "country": country,
        "region": region,
        "period": {"start": start, "end": end},
        "issued_at": issued,
        "nonce": nonce,
        "currency": currency,
    }


def facility_claim(rng, f, month):
    c = base_claim(rng, f["provider"], f["subject"], "facility", f["name"], f["country"],
                   f["region"], f["offset"], f["currency"], month)
    hours = days_in(month) * 24
    load = f["load"] * (1 + rng.uniform(-0.03, 0.03))
    it_kwh = round(f["it_mw"] * 1000 * hours * load)
    pue = f["pue"] + f["pue_amp"] * season(month) + rng.uniform(-0.006, 0.006)
    fac_kwh = round(it_kwh * pue)
    ref = min(1.0, f["ref"] + (0 if f["ref"] >= 1.0 else rng.uniform(-0.02, 0.02)))
    ren_kwh = fac_kwh if f["ref"] >= 1.0 else round(fac_kwh * ref)
    reu_kwh = round(fac_kwh * f["erf"] * (1 + rng.uniform(-0.05, 0.05))) if f["erf"] else 0
    water_m3 = Decimal(it_kwh) * Decimal(str(f["wue"] * (1 + season(month) * 0.25 + rng.uniform(-0.03, 0.03)))) / 1000
    facility = {}
    if "hub_node" in f:
        facility["hub_node"] = f["hub_node"]
        facility["western_hub"] = f["western_hub"]
    if f["commissioned"]:
        facility["commissioned"] = f["commissioned"]
    facility["it_power_installed"] = qty(Decimal(str(f["it_mw"])) * 1000, "kW")
    facility["rack_utilisation"] = qty(Decimal(str(f["rack"] * 100)) + Decimal(str(round(rng.uniform(-1.5, 1.5), 1))), "%", 1)
    c["facility"] = facility
    c["energy"] = {
        "facility": qty(fac_kwh, "kWh"),
        "it": qty(it_kwh, "kWh"),
        "renewable": qty(ren_kwh, "kWh"),
        "reused": qty(reu_kwh, "kWh"),
    }
    c["water"] = {"withdrawn": qty(water_m3, "m^3", 1)}
    c["carbon"] = {"grid_intensity": qty(f["grid"] + rng.randrange(-15, 16), "gCO2e/kWh")}
    c["electricity"] = {"price": {"value": f["elec"][0], "unit": f["elec"][1]}}
    # The provider's own ratios, rounded to the digits it states.
    measured_pue = Fraction(fac_kwh, it_kwh)
    claimed_pue = Decimal(dec(measured_pue, 2)) + f.get("claimed_pue_bias", Decimal(0))
    c["claimed"] = {
        "pue": {"value": str(claimed_pue), "unit": "1"},
        "ref": qty(Fraction(ren_kwh, fac_kwh) * 100, "%", 1),
    }
    # Facilities report their incidents too (cooling, power); an empty list
    # says "none", an absent one would be missing evidence.
    c["incidents"] = incidents_for(rng, f, month)
    for field in f.get("drop_in_month", {}).get(month, []):
        del c[field]
    return c


def service_claim(rng, s, month):
    c = base_claim(rng, s["provider"], s["subject"], s["kind"], s["name"], s["country"],
                   s["region"], s["offset"], s["currency"], month)
    growth = 1 + 0.035 * (month - 1)
    mtokens = round(s["gtokens"] * 1000 * growth * (1 + rng.uniform(-0.04, 0.04)))
    jpt = s["jpt"] * (1 - 0.01 * (month - 1)) * (1 + rng.uniform(-0.02, 0.02))
    it_kwh = (Decimal(mtokens) * Decimal(str(round(jpt, 4))) * Decimal(1_000_000) / Decimal(3_600_000)).quantize(
        Decimal(1), rounding=ROUND_HALF_EVEN)
    minutes = days_in(month) * 24 * 60
    avail = s.get("avail_in_month", {}).get(month)
    if avail is None:
        avail = Decimal(str(s["avail"])) + Decimal(str(round(rng.uniform(-0.0002, 0.0001), 5)))
        avail = min(avail, Decimal("0.99995"))
    down = (Decimal(minutes) * (1 - avail)).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    requests = mtokens * 1_000_000 // 1450  # about 1450 tokens per request
    spike = 2.0 if s.get("p95_spike_month") == month else 1.0
    c["energy"] = {"it": qty(it_kwh, "kWh")}
    c["tokens"] = {"served": qty(mtokens, "Mtoken")}
    c["requests"] = {"served": qty(requests, "req"),
                     "failed": qty(round(requests * float(1 - avail) * 0.4), "req")}
    c["latency"] = {"p50": qty(s["p50"] * (1 + rng.uniform(-0.05, 0.05)), "ms"),
                    "p95": qty(s["p95"] * spike * (1 + rng.uniform(-0.05, 0.05)), "ms"),
                    "p99": qty(s["p99"] * spike * (1 + rng.uniform(-0.05, 0.05)), "ms")}
    c["availability"] = {"available": qty(minutes - down, "min"), "unavailable": qty(down, "min")}
    unit = f"{s['currency']}/Mtoken"
    c["prices"] = [{"customer_class": cls, "region": region, "price": {"value": v, "unit": unit}}
                   for region, classes in s["prices"].items() for cls, v in classes.items()]
    c["incidents"] = incidents_for(rng, s, month)
    c["claimed"] = {"energy_per_token": qty(Fraction(str(it_kwh)) * 3_600_000 / (mtokens * 1_000_000), "J/token", 3)}
    return c


def incidents_for(rng, s, month):
    out = []
    # Routine low-severity incidents: detected, resolved within hours.
    for n in range(rng.choice([0, 0, 1, 1, 2])):
        day, hour = rng.randrange(1, days_in(month) + 1), rng.randrange(0, 24)
        det = ts(month, day, hour, 5 * rng.randrange(0, 12))
        inc = {"id": f"{s['subject'].upper()}-{YEAR}{month:02}-L{n + 1}", "severity": "low",
               "detected_at": local(det, s["offset"]),
               "resolved_at": local(ts(month, day, hour + 1 + rng.randrange(0, 4)), s["offset"])}
        out.append(inc)
    significant = 0
    for (p, subj, m, day, hour, sev, ew, nt, fr, rs) in INCIDENTS:
        if (p, subj, m) != (s["provider"], s["subject"], month):
            continue
        significant += 1
        inc = {"id": f"{subj.upper()}-{YEAR}{month:02}-S{significant}", "severity": sev,
               "detected_at": local(ts(month, day, hour), s["offset"])}
        for key, h in (("early_warning_at", ew), ("notified_at", nt), ("final_report_at", fr),
                       ("resolved_at", rs)):
            if h is not None:
                inc[key] = local(ts(month, day, hour + h), s["offset"])
        out.append(inc)
    out.sort(key=lambda i: i["detected_at"])
    return out


def generate():
    rng = random.Random(SEED)
    files = {}
    for f in FACILITIES:
        for month in range(1, 13):
            claim = facility_claim(rng, f, month)
            if month in f.get("skip_months", ()):
                continue
            files[f"{f['provider']}-{f['subject']}-{YEAR}-{month:02}.json"] = claim
    for s in SERVICES:
        for month in range(1, 13):
            claim = service_claim(rng, s, month)
            if month in s.get("skip_months", ()):
                continue
            files[f"{s['provider']}-{s['subject']}-{YEAR}-{month:02}.json"] = claim
    return {name: json.dumps(c, indent=2, ensure_ascii=False) + "\n" for name, c in files.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args()
    files = generate()
    if args.check:
        existing = {n for n in os.listdir(args.out) if n.endswith(".json")} if os.path.isdir(args.out) else set()
        differ = sorted(existing ^ set(files))
        for name, text in files.items():
            path = os.path.join(args.out, name)
            if os.path.exists(path) and open(path, encoding="utf-8").read() != text:
                differ.append(name)
        for name in differ:
            print(f"differs: {name}")
        return 1 if differ else 0
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        if name.endswith(".json") and name not in files:
            os.remove(os.path.join(args.out, name))
    for name, text in sorted(files.items()):
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    print(f"wrote {len(files)} claims to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
