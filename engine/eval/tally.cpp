#include "eval/tally.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "parallel/for_each_on_threads.h"

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

std::optional<RunTally> TallyClaims(const Program& program, const std::vector<Claim>& claims,
                                    std::optional<int64_t> at, std::vector<InputError>* errors,
                                    unsigned threads) {
  int64_t latest = 0;
  const auto subjects = GroupBySubject(claims, errors, &latest);
  if (!subjects) return std::nullopt;
  const int64_t evaluated_at = at.value_or(latest);
  // One evaluator and one tally per thread, added up at the end: the sum
  // does not depend on which thread counted which subject.
  const size_t workers = std::max(1U, threads);
  std::vector<std::unique_ptr<VerdictEvaluator>> evaluators;
  std::vector<RunTally> tallies(workers, RunTally::For(program));
  for (size_t t = 0; t < workers; ++t)
    evaluators.push_back(std::make_unique<VerdictEvaluator>(program));
  ForEachOnThreads(subjects->size(), threads, [&](size_t thread, size_t i) {
    SubjectVerdicts verdicts;
    evaluators[thread]->Evaluate((*subjects)[i].claims, evaluated_at, &verdicts);
    tallies[thread].Add(verdicts);
  });
  RunTally tally = std::move(tallies[0]);
  for (size_t t = 1; t < workers; ++t)
    tally.Merge(tallies[t]);
  tally.evaluated_at = evaluated_at;
  return tally;
}

}  // namespace gridlaw
