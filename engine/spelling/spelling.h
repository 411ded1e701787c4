#pragma once
// "Did you mean …?": the known word closest to a misspelt one.

#include <string>
#include <string_view>
#include <vector>

namespace gridlaw {

// Edit distance (insertions, deletions, substitutions, adjacent swaps) over bytes.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible
// typo (distance at most a third of the word's length, at least 1; a
// case-only difference always counts). Ties go to the earliest candidate, so
// the answer is deterministic. Empty when nothing is close.
std::string ClosestSpelling(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" to append to a message, or "" when there is no suggestion.
std::string DidYouMean(const std::string& suggestion);

}  // namespace gridlaw
