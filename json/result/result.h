#pragma once
// Result<T, E>: a value or the error that prevented it. The return type at
// module boundaries (style.md: results over exceptions). GCC 12 has no
// std::expected in C++20; this is the small part of it gridlaw needs.
//
// A Result is never silently dropped ([[nodiscard]]). value() on an error and
// error() on a value are programmer errors and abort in every build mode:
// reading the wrong alternative must not become undefined behaviour.

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>
#include <variant>

namespace gridlaw {

namespace result_detail {
[[noreturn]] inline void WrongAlternative(const char* what) {
  std::fprintf(stderr, "gridlaw: Result::%s called on the wrong alternative\n", what);
  std::abort();
}
}  // namespace result_detail

template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  Result(E error)
      : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return *Get<0>("value"); }
  T& value() & { return *Get<0>("value"); }
  T&& value() && { return std::move(*Get<0>("value")); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const E& error() const& { return *Get<1>("error"); }
  E&& error() && { return std::move(*Get<1>("error")); }

 private:
  template <size_t I>
  auto* Get(const char* what) const {
    auto* p = std::get_if<I>(&state_);
    if (p == nullptr) result_detail::WrongAlternative(what);
    return p;
  }
  template <size_t I>
  auto* Get(const char* what) {
    auto* p = std::get_if<I>(&state_);
    if (p == nullptr) result_detail::WrongAlternative(what);
    return p;
  }

  std::variant<T, E> state_;
};

// Result<void, E>: success, or the error. Default-constructed means success.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(E error) : error_(std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const E& error() const& {
    if (!error_) result_detail::WrongAlternative("error");
    return *error_;
  }
  E&& error() && {
    if (!error_) result_detail::WrongAlternative("error");
    return std::move(*error_);
  }

 private:
  std::optional<E> error_;
};

}  // namespace gridlaw
