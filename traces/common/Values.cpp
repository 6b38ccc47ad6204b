//===- Values.cpp ---------------------------------------------------------===//
#include "traces/common/Values.h"

#include <cmath>
#include <cstdio>

namespace hotpath {

std::optional<int64_t> checkedInt64(double V) {
  // 2^63 is exactly representable; every double below it converts.
  if (!std::isfinite(V) || V >= 9223372036854775808.0 ||
      V < -9223372036854775808.0)
    return std::nullopt;
  return static_cast<int64_t>(V);
}

std::string numberText(double V) {
  if (std::optional<int64_t> I = checkedInt64(V); I && double(*I) == V)
    return std::to_string(*I);
  char Buffer[32];
  std::snprintf(Buffer, sizeof(Buffer), "%g", V);
  return Buffer;
}

const nlohmann::json *member(const nlohmann::json &J, const char *Key) {
  if (!J.is_object())
    return nullptr;
  auto It = J.find(Key);
  return It == J.end() ? nullptr : &*It;
}

std::string stringMember(const nlohmann::json &J, const char *Key,
                         const std::string &Default) {
  const nlohmann::json *M = member(J, Key);
  return M && M->is_string() ? M->get_ref<const std::string &>() : Default;
}

double numberMember(const nlohmann::json &J, const char *Key, double Default) {
  const nlohmann::json *M = member(J, Key);
  return M && M->is_number() ? M->get<double>() : Default;
}

const nlohmann::json &arrayMember(const nlohmann::json &J, const char *Key) {
  static const nlohmann::json Empty = nlohmann::json::array();
  const nlohmann::json *M = member(J, Key);
  return M && M->is_array() ? *M : Empty;
}

} // namespace hotpath
