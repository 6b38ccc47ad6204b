//===- Values.h - Numbers and JSON members read from untrusted files ------===//
//
// Everything a trace holds is untrusted: a number may be 1e300, infinite or
// NaN, a member may be missing or of another type, a document may be an
// array where an object is expected. These accessors never throw and never
// convert out of range (STYLE.md 8): the importer counts what it could not
// use.
//
//===----------------------------------------------------------------------===//
#ifndef HOTPATH_TRACES_COMMON_VALUES_H
#define HOTPATH_TRACES_COMMON_VALUES_H

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace hotpath {

/// `V` rounded toward zero when it is finite and within int64_t's range,
/// else std::nullopt.
std::optional<int64_t> checkedInt64(double V);

/// A number used as an id or shown in a message, as text: its integer
/// digits when it is an integer within int64_t's range ("12"), else its
/// shortest form ("1e+300", "inf", "2.5").
std::string numberText(double V);

/// The member `Key` of `J` when `J` is an object that has it, else null.
const nlohmann::json *member(const nlohmann::json &J, const char *Key);
/// The string member `Key`, or `Default` when absent or not a string.
std::string stringMember(const nlohmann::json &J, const char *Key,
                         const std::string &Default);
/// The number member `Key`, or `Default` when absent or not a number.
double numberMember(const nlohmann::json &J, const char *Key, double Default);
/// The array member `Key`, or an empty array when absent or not an array.
const nlohmann::json &arrayMember(const nlohmann::json &J, const char *Key);

} // namespace hotpath

#endif
