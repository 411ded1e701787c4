#!/usr/bin/env node
// Independent reference for the peer workload: WORKLOAD.md §2 read
// literally, in plain JavaScript (binary doubles, which WORKLOAD.md §1 says
// decide every rule exactly on its data). It shares nothing with gridlaw, so
// the counts test (tests/records/) can compare gridlaw's summary with it on
// files for which no counts are published.
//
// Usage: node reference_counts.js FILE.jsonl
// Prints one line per rule: "R01 pass fail missing", in rule order.
'use strict';
const fs = require('fs');
const readline = require('readline');

const ALLOWED = new Set(['us-east', 'us-west', 'us-central', 'ca-central', 'eu-west',
  'eu-central', 'eu-north', 'uk-south', 'ap-northeast', 'ap-southeast']);

// [id, fields read, predicate]: status is missing when a field read is
// absent (checked first), else pass when the predicate holds, else fail.
const RULES = [
  ['R01', ['pue'], (r) => r.pue <= 1.3],
  ['R02', ['renewable_kwh', 'energy_facility_kwh'],
    (r) => r.energy_facility_kwh > 0 && r.renewable_kwh / r.energy_facility_kwh >= 0.5],
  ['R03', ['energy_it_kwh', 'tokens_served'],
    (r) => r.tokens_served > 0 && r.energy_it_kwh * 3.6e6 / r.tokens_served <= 0.5],
  ['R04', ['availability'], (r) => r.availability >= 0.999],
  ['R05', ['latency_p99_ms'], (r) => r.latency_p99_ms <= 2000],
  ['R06', ['prices'], (r) => {
    const p = r.prices.map((x) => x.usd_per_mtok);
    const lo = Math.min(...p), hi = Math.max(...p);
    return lo > 0 && hi / lo <= 1.10;
  }],
  ['R07', ['incidents'], (r) => r.incidents.every(
    (i) => i.severity !== 'critical' || i.reported_hours - i.detected_hours <= 24)],
  ['R08', ['incidents'], (r) => r.incidents.every((i) => i.reported_hours - i.detected_hours <= 72)],
  ['R09', ['water_l', 'energy_it_kwh'],
    (r) => r.energy_it_kwh > 0 && r.water_l / r.energy_it_kwh <= 1.8],
  ['R10', ['tokens_served'], (r) => r.tokens_served > 0],
  ['R11', ['region'], (r) => ALLOWED.has(r.region)],
  ['R12', ['energy_facility_kwh', 'energy_it_kwh'], (r) => r.energy_facility_kwh >= r.energy_it_kwh],
];

const counts = RULES.map(() => ({ pass: 0, fail: 0, missing: 0 }));
const input = readline.createInterface({ input: fs.createReadStream(process.argv[2]) });
input.on('line', (line) => {
  const r = JSON.parse(line);
  RULES.forEach(([, reads, predicate], k) => {
    if (reads.some((f) => !(f in r))) counts[k].missing++;
    else if (predicate(r)) counts[k].pass++;
    else counts[k].fail++;
  });
});
input.on('close', () => {
  RULES.forEach(([id], k) => console.log(`${id} ${counts[k].pass} ${counts[k].fail} ${counts[k].missing}`));
});
