#include "eval/tally.h"

#include <stdexcept>

namespace gridlaw {

RunTally RunTally::For(const Program& program) {
  RunTally tally;
  for (const CompiledRule& rule : program.rules()) {
    RuleTally r;
    r.rule_id = rule.id;
    r.severity = rule.severity;
    tally.rules.push_back(std::move(r));
  }
  return tally;
}

RunTally RunTally::Of(const Program& program, const RunResult& run) {
  RunTally tally = For(program);
  tally.evaluated_at = run.evaluated_at;
  for (const SubjectResult& s : run.subjects)
    tally.Add(s);
  return tally;
}

void RunTally::Add(const SubjectResult& subject) {
  ++subjects;
  if (subject.compliant) ++compliant;
  if (subject.evaluated == nullptr) return;
  ++evaluated;
  if (subject.rules.size() != rules.size()) throw std::logic_error("tally: rules differ");
  for (size_t i = 0; i < rules.size(); ++i) {
    ++rules[i].by_verdict[static_cast<size_t>(subject.rules[i].verdict)];
  }
}

void RunTally::Add(const SubjectVerdicts& subject) {
  ++subjects;
  if (subject.compliant) ++compliant;
  if (!subject.evaluated) return;
  ++evaluated;
  if (subject.rules.size() != rules.size()) throw std::logic_error("tally: rules differ");
  for (size_t i = 0; i < rules.size(); ++i) {
    ++rules[i].by_verdict[static_cast<size_t>(subject.rules[i])];
  }
}

void RunTally::Merge(const RunTally& other) {
  if (other.rules.size() != rules.size()) throw std::logic_error("tally: rules differ");
  subjects += other.subjects;
  evaluated += other.evaluated;
  compliant += other.compliant;
  for (size_t i = 0; i < rules.size(); ++i) {
    for (size_t v = 0; v < rules[i].by_verdict.size(); ++v)
      rules[i].by_verdict[v] += other.rules[i].by_verdict[v];
  }
}

}  // namespace gridlaw
